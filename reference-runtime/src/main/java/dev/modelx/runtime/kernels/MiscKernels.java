package dev.modelx.runtime.kernels;

import dev.modelx.graph.Domains;
import dev.modelx.runtime.KernelRegistry;
import dev.modelx.runtime.kernels.misc.RandomOps;
import dev.modelx.runtime.kernels.misc.RegexFullMatch;
import dev.modelx.runtime.kernels.misc.StringNormalizer;
import dev.modelx.runtime.kernels.misc.StringOps;
import dev.modelx.runtime.kernels.misc.TfIdfVectorizer;
import dev.modelx.runtime.kernels.misc.ml.ArrayFeatureExtractor;
import dev.modelx.runtime.kernels.misc.ml.Binarizer;
import dev.modelx.runtime.kernels.misc.ml.LabelEncoder;
import dev.modelx.runtime.kernels.misc.ml.LegacyTrees;
import dev.modelx.runtime.kernels.misc.ml.LinearModels;
import dev.modelx.runtime.kernels.misc.ml.Preprocess;
import dev.modelx.runtime.kernels.misc.ml.TreeEnsemble;
import dev.modelx.runtime.kernels.misc.training.Gradient;
import dev.modelx.runtime.kernels.misc.training.Optimizers;

/** Registers this family's kernels: strings, random generators, ai.onnx.ml and the training optimizers. */
public final class MiscKernels {

    private MiscKernels() {
    }

    public static void register(KernelRegistry r) {
        r.add("StringNormalizer", 10, StringNormalizer::v10);
        r.add("StringConcat", 20, StringOps::concat);
        r.add("StringSplit", 20, StringOps::split);
        r.add("RegexFullMatch", 20, RegexFullMatch::v20);
        r.add("TfIdfVectorizer", 9, TfIdfVectorizer::v9);

        for (int v : new int[]{1, 22}) {
            r.add("RandomNormal", v, RandomOps::normal);
            r.add("RandomUniform", v, RandomOps::uniform);
            r.add("RandomNormalLike", v, RandomOps::normalLike);
            r.add("RandomUniformLike", v, RandomOps::uniformLike);
        }
        r.add("Bernoulli", 15, RandomOps::bernoulli);
        r.add("Bernoulli", 22, RandomOps::bernoulli);
        r.add("Multinomial", 7, RandomOps::multinomial);
        r.add("Multinomial", 22, RandomOps::multinomial);

        registerMl(r);

        r.add(Domains.TRAINING, "Adagrad", 1, Optimizers::adagrad);
        r.add(Domains.TRAINING, "Adam", 1, Optimizers::adam);
        r.add(Domains.TRAINING, "Momentum", 1, Optimizers::momentum);
        r.add(Domains.TRAINING, "Gradient", 1, Gradient::v1);
    }

    private static void registerMl(KernelRegistry r) {
        String ml = Domains.ML;
        r.add(ml, "ArrayFeatureExtractor", 1, ArrayFeatureExtractor::v1);
        r.add(ml, "Binarizer", 1, Binarizer::v1);
        r.add(ml, "LabelEncoder", 1, LabelEncoder::v1);
        r.add(ml, "LabelEncoder", 2, LabelEncoder::v2);
        r.add(ml, "LabelEncoder", 4, LabelEncoder::v2);
        r.add(ml, "TreeEnsemble", 5, TreeEnsemble::v5);
        r.add(ml, "TreeEnsembleRegressor", 1, LegacyTrees::regressor);
        r.add(ml, "TreeEnsembleRegressor", 3, LegacyTrees::regressor);
        r.add(ml, "TreeEnsembleClassifier", 1, LegacyTrees::classifier);
        r.add(ml, "TreeEnsembleClassifier", 3, LegacyTrees::classifier);
        r.add(ml, "Normalizer", 1, Preprocess::normalizer);
        r.add(ml, "Scaler", 1, Preprocess::scaler);
        r.add(ml, "Imputer", 1, Preprocess::imputer);
        r.add(ml, "OneHotEncoder", 1, Preprocess::oneHotEncoder);
        r.add(ml, "CategoryMapper", 1, Preprocess::categoryMapper);
        r.add(ml, "FeatureVectorizer", 1, Preprocess::featureVectorizer);
        r.add(ml, "LinearRegressor", 1, LinearModels::regressor);
        r.add(ml, "LinearClassifier", 1, LinearModels::classifier);
        r.add(ml, "ZipMap", 1, LinearModels::zipMap);
    }
}
