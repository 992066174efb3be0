package dev.nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

    @TempDir
    Path dir;

    private Path csv(String content) throws IOException {
        return Files.writeString(dir.resolve("data.csv"), content);
    }

    @Test
    void lastColumnIsTheTargetByDefault() throws IOException {
        // y = 0.1 x + 0.3, the line-fit example
        Dataset d = Csv.load(csv("1,0.4\n2,0.5\n-3,0\n"));
        assertEquals(3, d.n());
        assertEquals(1, d.featureSize());
        assertFalse(d.hasClassLabels());
        assertArrayEquals(new float[] {1, 2, -3}, d.features());
        assertArrayEquals(new float[] {0.4f, 0.5f, 0f}, d.targets());
    }

    @Test
    void headerIsDetectedAndSkipped() throws IOException {
        Dataset d = Csv.load(csv("x1, x2 ,\"y\"\n1,2,3\n4,5,6\n"), "y");
        assertArrayEquals(new float[] {1, 2, 4, 5}, d.features());
        assertArrayEquals(new float[] {3, 6}, d.targets());
    }

    @Test
    void targetFirstOrByIndexKeepsTheOtherColumnsInOrder() throws IOException {
        Path file = csv("1,2,3\n4,5,6\n");
        Dataset first = Csv.load(file, "first");
        assertArrayEquals(new float[] {2, 3, 5, 6}, first.features());
        assertArrayEquals(new float[] {1, 4}, first.targets());
        Dataset middle = Csv.load(file, 1);
        assertArrayEquals(new float[] {1, 3, 4, 6}, middle.features());
        assertArrayEquals(new float[] {2, 5}, middle.targets());
    }

    @Test
    void numberFormsAreDecimalOnly() throws IOException {
        Dataset d = Csv.load(csv("+1.5e2,-.5\n1E-3, 7. \n"));
        assertArrayEquals(new float[] {150f, 0.001f}, d.features());
        assertArrayEquals(new float[] {-0.5f, 7f}, d.targets());
    }

    @Test
    void crlfBlankLinesAndByteOrderMarkAreTolerated() throws IOException {
        Dataset d = Csv.load(csv("\uFEFFa,b\r\n\r\n1,2\r\n\r\n3,4\r\n"));
        assertArrayEquals(new float[] {1, 3}, d.features());
        assertArrayEquals(new float[] {2, 4}, d.targets());
    }

    @Test
    void nonNumericCellNamesFileLineAndColumn() throws IOException {
        Path file = csv("x,y\n1,2\n3, abc\n");
        DataException e = assertThrows(DataException.class, () -> Csv.load(file));
        assertEquals(file + ":3:4: `abc` (column `y`) is not a number", e.getMessage());
    }

    @Test
    void nonFiniteValuesAreNotNumbers() throws IOException {
        Path file = csv("1,2\n1,NaN\n");
        assertEquals(file + ":2:3: `NaN` is not a number",
                assertThrows(DataException.class, () -> Csv.load(file, 0)).getMessage());
        Path big = csv("1,2\n1e39,2\n");
        assertEquals(big + ":2:1: `1e39` is out of float range",
                assertThrows(DataException.class, () -> Csv.load(big)).getMessage());
    }

    @Test
    void emptyCell() throws IOException {
        Path file = csv("1,2,3\n4,,6\n");
        assertEquals(file + ":2:3: empty cell, expected a number",
                assertThrows(DataException.class, () -> Csv.load(file)).getMessage());
    }

    @Test
    void raggedRowNamesTheLineAndBothCounts() throws IOException {
        Path file = csv("\n1,2,3\n4,5\n");
        DataException e = assertThrows(DataException.class, () -> Csv.load(file));
        assertEquals(file + ":3: found 2 columns, expected 3 as on line 2", e.getMessage());
    }

    @Test
    void emptyFile() throws IOException {
        Path file = csv("\n  \n");
        DataException e = assertThrows(DataException.class, () -> Csv.load(file));
        assertEquals(file + ": the file is empty; expected rows of comma-separated numbers", e.getMessage());
    }

    @Test
    void headerWithoutRows() throws IOException {
        Path file = csv("x,y\n");
        assertEquals(file + ": the file has a header but no data rows",
                assertThrows(DataException.class, () -> Csv.load(file)).getMessage());
    }

    @Test
    void firstLineMixingNumbersAndText() throws IOException {
        Path file = csv("1,2x\n3,4\n");
        assertEquals(file + ":1:3: the first line mixes numbers and text: `2x` is not a number, "
                + "but a header line may hold no numbers",
                assertThrows(DataException.class, () -> Csv.load(file)).getMessage());
    }

    @Test
    void targetOutOfRangeOrUnknown() throws IOException {
        Path file = csv("a,b\n1,2\n");
        assertEquals(file + ": target column 2 is out of range; the file has 2 columns, 0..1",
                assertThrows(DataException.class, () -> Csv.load(file, 2)).getMessage());
        assertEquals(file + ": no column named `c`; the header has a, b",
                assertThrows(DataException.class, () -> Csv.load(file, "c")).getMessage());
        Path noHeader = csv("1,2\n");
        assertEquals(noHeader + ": target `c` is not last, first or a column number, and the file has no header "
                + "to name columns", assertThrows(DataException.class, () -> Csv.load(noHeader, "c")).getMessage());
    }

    @Test
    void singleColumnHasNoFeatures() throws IOException {
        Path file = csv("1\n2\n");
        assertEquals(file + ":1: found 1 column; a data file needs at least one feature column and the target column",
                assertThrows(DataException.class, () -> Csv.load(file)).getMessage());
    }
}
