package dev.featurewatch.app.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.drift.profile.MissingCounts;
import dev.featurewatch.drift.report.CategoricalSample;
import dev.featurewatch.drift.report.NumericSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablesTest {

  @TempDir Path dir;

  private Path csv(String content) throws IOException {
    Path file = dir.resolve("data.csv");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static Table read(Path file) {
    return Tables.read(file, ColumnTypes.infer(Set.of()));
  }

  @Test
  void readsNumericAndCategoricalColumnsWithMissingValuesCountedByKind() throws IOException {
    Table table = read(csv("x,city\n1.5,Paris\n,Lyon\nNaN,\ninf,Paris\n-inf,Lyon\n2,Paris\n"));

    assertThat(table.rows()).isEqualTo(6);
    NumericSample x = (NumericSample) table.columns().get("x");
    assertThat(x.size()).isEqualTo(2);
    assertThat(x.sortedCopy()).containsExactly(1.5, 2.0);
    assertThat(x.missingCounts()).isEqualTo(new MissingCounts(1, 1, 1, 1));
    CategoricalSample city = (CategoricalSample) table.columns().get("city");
    assertThat(city.counts())
        .containsExactly(java.util.Map.entry("Paris", 3L), java.util.Map.entry("Lyon", 2L));
    assertThat(city.missing()).isEqualTo(1);
  }

  @Test
  void handlesQuotesEscapedQuotesEmbeddedNewlinesCrlfAndAByteOrderMark() throws IOException {
    Table table =
        read(csv("\uFEFFname,n\r\n\"Smith, J\",1\r\n\"say \"\"hi\"\"\",2\r\n\"two\nlines\",3\r\n"));

    CategoricalSample name = (CategoricalSample) table.columns().get("name");
    assertThat(name.counts().keySet()).containsExactly("Smith, J", "say \"hi\"", "two\nlines");
    assertThat(((NumericSample) table.columns().get("n")).sortedCopy()).containsExactly(1, 2, 3);
  }

  @Test
  void countsTextInANumericColumnAsInvalidAndRemembersWhereTheFirstWas() throws IOException {
    StringBuilder content = new StringBuilder("age\n");
    for (int i = 0; i < 50; i++) {
      content.append(20 + i).append('\n');
    }
    content.append("n/a\nunknown\n");
    Path file = csv(content.toString());

    Table table = read(file);

    NumericSample age = (NumericSample) table.columns().get("age");
    assertThat(age.invalid()).isEqualTo(2);
    assertThat(age.size()).isEqualTo(50);
    assertThat(table.firstInvalid().get("age"))
        .isEqualTo(file + ":52: column 'age': 'n/a' is not a number");
  }

  @Test
  void aColumnOfMostlyNumbersIsNumericAndAColumnOfMostlyWordsCategorical() throws IOException {
    Table table = read(csv("amount,size\n1,S\nn/a,M\n3,L\n4,9\n"));

    assertThat(table.columns().get("amount")).isInstanceOf(NumericSample.class);
    assertThat(table.columns().get("amount").invalid()).isEqualTo(1);
    assertThat(table.columns().get("size")).isInstanceOf(CategoricalSample.class);
  }

  @Test
  void aQuoteInsideAnUnquotedFieldIsALiteralCharacter() throws IOException {
    Table table = read(csv("size,n\n5\" screen,1\n7\" screen,2\n"));

    assertThat(table.rows()).isEqualTo(2);
    assertThat(((CategoricalSample) table.columns().get("size")).counts().keySet())
        .containsExactly("5\" screen", "7\" screen");
  }

  @Test
  void textAfterAClosingQuoteIsRejectedWithItsLine() throws IOException {
    Path file = csv("a,b\n\"x\"y,1\n");
    assertThatThrownBy(() -> read(file))
        .hasMessage(file + ":2: field 1: unexpected 'y' after a closing quote");
  }

  @Test
  void bareCarriageReturnLineEndsAreNamedInsteadOfMisread() throws IOException {
    Path file = csv("a,b\rx,1\ry,2\r");
    assertThatThrownBy(() -> read(file))
        .hasMessageContaining(file + ":1: the header holds a carriage return without a line feed");
  }

  @Test
  void readsBlankLinesAndAMissingFinalNewline() throws IOException {
    Table table = read(csv("a\n1\n\n2"));
    assertThat(table.rows()).isEqualTo(2);
  }

  @Test
  void rejectsARaggedRowNamingFileAndLine() throws IOException {
    Path file = csv("a,b\n1,2\n\"x\ny\",3\n4\n");
    assertThatThrownBy(() -> read(file))
        .isInstanceOf(InputException.class)
        .hasMessage(file + ":5: expected 2 fields as in the header, found 1 (ragged row)");
  }

  @Test
  void rejectsAnEmptyFile() throws IOException {
    Path file = csv("");
    assertThatThrownBy(() -> read(file))
        .hasMessage(file + ": the file is empty, expected a header line");
  }

  @Test
  void rejectsAMissingFile() {
    Path file = dir.resolve("nope.csv");
    assertThatThrownBy(() -> read(file)).hasMessage(file + ": no such file");
  }

  @Test
  void rejectsARepeatedColumnName() throws IOException {
    Path file = csv("a,b,a\n1,2,3\n");
    assertThatThrownBy(() -> read(file))
        .hasMessage(file + ":1: header column 3 repeats the name 'a'");
  }

  @Test
  void rejectsAnUnclosedQuote() throws IOException {
    Path file = csv("a\n\"open\n");
    assertThatThrownBy(() -> read(file))
        .hasMessage(file + ":2: quoted field is not closed before end of file");
  }

  @Test
  void declaredCategoricalColumnsStayCategoricalEvenWhenNumeric() throws IOException {
    Table table = Tables.read(csv("zip,n\n01234,1\n75001,2\n"), ColumnTypes.infer(Set.of("zip")));
    assertThat(((CategoricalSample) table.columns().get("zip")).counts().keySet())
        .containsExactly("01234", "75001");
  }

  @Test
  void rejectsADeclaredCategoricalColumnThatIsNotInTheFile() throws IOException {
    Path file = csv("a\n1\n");
    assertThatThrownBy(() -> Tables.read(file, ColumnTypes.infer(Set.of("b"))))
        .hasMessage(file + ": columns declared categorical are not in the header: [b]");
  }

  @Test
  void readsRecordsLongerThanTheReadBuffer() throws IOException {
    String longText = "x".repeat(3 << 20);
    Table table = read(csv("t,n\n" + longText + ",1\nshort,2\n"));
    assertThat(((CategoricalSample) table.columns().get("t")).counts())
        .containsKeys(longText, "short");
  }
}
