package dev.modelx.importer.tensorflow;

/** A reference to a TF tensor, "node:index" (index 0 when omitted), or a control dependency "^node". */
record TfRef(String node, int index, boolean control) {

    static TfRef parse(String s) {
        if (s.startsWith("^")) {
            return new TfRef(s.substring(1), -1, true);
        }
        int colon = s.lastIndexOf(':');
        if (colon > 0) {
            String tail = s.substring(colon + 1);
            if (!tail.isEmpty() && tail.chars().allMatch(Character::isDigit) && tail.length() < 9) {
                return new TfRef(s.substring(0, colon), Integer.parseInt(tail), false);
            }
        }
        return new TfRef(s, 0, false);
    }

    static TfRef of(String node, int index) {
        return new TfRef(node, index, false);
    }

    String key() {
        return node + ":" + index;
    }

    @Override
    public String toString() {
        return control ? "^" + node : index == 0 ? node : node + ":" + index;
    }
}
