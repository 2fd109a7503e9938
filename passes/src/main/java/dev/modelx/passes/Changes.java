package dev.modelx.passes;

import java.util.ArrayList;
import java.util.List;

/** Counts what a pass changes while it runs, and collects notes on what it skipped and why. */
public final class Changes {

    /** Notes beyond this many are counted, not kept, so a pass over a huge model reports a short list. */
    private static final int MAX_NOTES = 20;

    private int removed;
    private int added;
    private int rewritten;
    private int droppedNotes;
    private final List<String> notes = new ArrayList<>();

    public void removed(int n) {
        removed += n;
    }

    public void added(int n) {
        added += n;
    }

    public void rewritten(int n) {
        rewritten += n;
    }

    public void note(String message) {
        if (notes.size() < MAX_NOTES) {
            notes.add(message);
        } else {
            droppedNotes++;
        }
    }

    public int removed() {
        return removed;
    }

    public int added() {
        return added;
    }

    public int rewritten() {
        return rewritten;
    }

    public List<String> notes() {
        List<String> out = new ArrayList<>(notes);
        if (droppedNotes > 0) {
            out.add(droppedNotes + " more notes");
        }
        return out;
    }
}
