package io.freshet.bench.workload;

/** One produce throughput case: record size, partitions of a fresh topic, acks, and how many records to send. */
public record ProduceCase(int recordSize, int partitions, String acks, long records) {

    public String name() {
        return "produce " + sizeLabel(recordSize) + " " + partitions + "p acks=" + acks;
    }

    /** The consume case that reads this case's topic back. */
    public String consumeName() {
        return "consume " + sizeLabel(recordSize) + " " + partitions + "p";
    }

    public String topicSlug() {
        return recordSize + "b-" + partitions + "p-acks" + acks.replace("all", "-1");
    }

    static String sizeLabel(int bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
    }
}
