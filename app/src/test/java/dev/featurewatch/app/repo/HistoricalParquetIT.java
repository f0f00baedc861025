package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.app.Cli;
import dev.featurewatch.testing.TestServices;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code historical --out training.parquet} is the same training set as {@code .arrow} and {@code
 * .csv}, as pandas reads them ({@code src/test/python/compare_training_sets.py}, the test
 * virtualenv's pandas and pyarrow): equal frames, types and nulls.
 */
class HistoricalParquetIT {

  private static final Path COMPARE = Path.of("src/test/python/compare_training_sets.py");

  @TempDir Path dir;

  @Test
  void pandasReadsTheParquetTrainingSetAsTheArrowAndCsvOnes() throws Exception {
    Path registry = dir.resolve("registry");
    Path offline = dir.resolve("offline");
    HistoricalCommandTest.registerTheExampleWithOfflineRows(registry, offline);
    Path entities = HistoricalCommandTest.writeEntities(dir);
    Path parquet = dir.resolve("training.parquet");
    Path arrow = dir.resolve("training.arrow");
    Path csv = dir.resolve("training.csv");
    for (Path out : new Path[] {parquet, arrow, csv}) {
      Cli run = HistoricalCommandTest.historical(entities, out, registry, offline);
      assertThat(run.exitCode()).as(run.err()).isZero();
    }

    String output =
        TestServices.runPython(COMPARE, parquet.toString(), arrow.toString(), csv.toString());

    assertThat(output).contains("ok: 5 rows");
  }
}
