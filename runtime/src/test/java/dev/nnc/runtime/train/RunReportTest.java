package dev.nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The report's two allocation windows: from step 21, and over the first epoch's second half. */
class RunReportTest {

    private static long field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(-?\\d+)").matcher(json);
        assertTrue(m.find(), json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void aTransientInTheFirstHalfShowsFromStep21AndNotOverTheSecondHalf() {
        RunReport report = new RunReport(100);
        List<byte[]> kept = new ArrayList<>();
        for (int step = 1; step <= 100; step++) {
            if (step > 20 && step <= 40) {
                kept.add(new byte[400_000]); // 8 MB over steps 21–40, as a kernel compiled late might
            }
            report.afterStep(step, 0);
        }
        report.firstEpoch(1.0, 100);
        String json = report.json("M", "java", 1, 0.5);
        long fromWarm = field(json, "allocated_bytes_per_step"), secondHalf = field(json, "allocated_bytes_per_step_second_half");
        assertTrue(fromWarm >= 8_000_000 / 80 && fromWarm < 8_000_000 / 80 + 20_000, json); // 8 MB over steps 21–100
        assertTrue(secondHalf >= 0 && secondHalf < 20_000, json); // steps 51–100 allocate next to nothing
        assertEquals(20, kept.size());
    }

    @Test
    void anEpochTooShortForAWindowReportsMinusOne() {
        RunReport report = new RunReport(10);
        for (int step = 1; step <= 10; step++) {
            report.afterStep(step, 0);
        }
        report.firstEpoch(1.0, 10);
        String json = report.json("M", "java", 1, 0.5);
        assertTrue(field(json, "allocated_bytes_per_step") == -1 && field(json, "allocated_bytes_per_step_second_half") == -1, json);
    }
}
