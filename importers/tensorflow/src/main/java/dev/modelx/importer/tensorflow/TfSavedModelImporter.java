package dev.modelx.importer.tensorflow;

/** The {@code tf-savedmodel} format: a SavedModel folder or an archive of one. */
public final class TfSavedModelImporter extends TensorFlowImporter {

    public TfSavedModelImporter() {
        super(SAVEDMODEL);
    }
}
