package io.freshet.bench.report;

import java.util.List;

/**
 * Everything the report says about a run besides the numbers: when, where, which versions, which settings, the
 * command, how long it took, and what failed.
 */
public record RunDescription(String date, String command, boolean quick, int rounds, double elapsedMinutes,
                             MachineInfo machine, String freshetVersion, String kafkaVersion, String clientsVersion,
                             List<String> settings, List<String> failures, String csvPath, String chartPath) {
}
