package dev.nnc.runtime.train;

/**
 * A model's {@code train { }} block as the generated trainer passes it to the loop; the command line
 * overrides it. {@code data}: {@code mnist}, {@code idx:DIR}, {@code csv:FILE:COLUMN} or null.
 * {@code decay}: {@code none}, {@code exponential} (to {@code decayTo} over {@code decayOver} epochs,
 * 0 meaning all of them) or {@code step} (times {@code decayFactor} every {@code decayEvery} epochs).
 */
public record TrainSettings(String data, String optimizer, double learningRate, int batch, int epochs, long seed,
                            boolean shuffle, int validation, int patience,
                            String decay, double decayTo, int decayOver, int decayEvery, double decayFactor) {

    /** The learning rate of epoch {@code epoch} (0-based) of {@code epochs}. */
    public double learningRate(double base, int epoch, int epochs) {
        return switch (decay) {
            case "exponential" -> {
                int over = decayOver > 0 ? decayOver : epochs;
                double progress = over <= 1 ? 0 : Math.min(1.0, (double) epoch / (over - 1));
                yield base * Math.pow(decayTo / base, progress);
            }
            case "step" -> base * Math.pow(decayFactor, epoch / decayEvery);
            default -> base;
        };
    }
}
