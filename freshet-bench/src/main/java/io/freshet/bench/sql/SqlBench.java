package io.freshet.bench.sql;

import io.freshet.bench.launch.BrokerLauncher;
import io.freshet.bench.report.MachineInfo;
import io.freshet.bench.report.Measurement;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The package's entry points for {@code io.freshet.bench.SqlThroughput}: one broker's turn, and the report. */
public final class SqlBench {

    private SqlBench() {
    }

    public static void turn(SqlBenchOptions options, int round, BrokerLauncher launcher,
                            List<Measurement> measurements, List<String> failures) {
        new SqlRound(options, round, launcher.target(), measurements, failures).run(launcher);
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    public static void report(Path file, List<Measurement> measurements, SqlBenchOptions options, boolean quick,
                              String date, double minutes, MachineInfo machine, String freshetVersion,
                              String kafkaVersion, String clientsVersion, String freshetSettings, double loadAfter,
                              List<String> loads, List<String> failures, String csv) throws IOException {
        SqlReport.write(file, measurements, new SqlReport.Run(date, options.command(), quick, options.rounds(),
            options.records(), options.latencyReadings(), minutes, machine, freshetVersion, kafkaVersion,
            clientsVersion, freshetSettings, options.loadBefore(), loadAfter, loads, failures, csv));
    }
}
