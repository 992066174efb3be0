package dev.nnc.bench.tf;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * One epoch of MNIST training with TensorFlow for Java (graph mode), for comparison with nnc.
 *
 * <p>Prints exactly one {@code RESULT {...}} line on stdout; everything else goes to stderr.
 */
public final class TfBench {

  static final String SYSTEM = "tensorflow-java 1.1.0";
  static final int PIXELS = 784;
  static final int CLASSES = 10;
  static final int EVAL_BATCH = 1000;
  /** Shuffle seed and base of the op-level random seeds; {@code --seed} overrides it. */
  static long seed = 42;

  private TfBench() {}

  /** The graph pieces the training loop needs. */
  record Model(
      String name,
      int batch,
      Placeholder<TFloat32> x,
      Placeholder<TInt32> y,
      Operand<TFloat32> loss,
      Op train,
      Operand<TInt64> predictions) {}

  public static void main(String[] args) throws Exception {
    String model = null;
    Path data = Path.of(System.getProperty("user.home"), ".cache", "nnc", "mnist");
    int limit = -1;
    int threads = -1;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--model" -> model = value(args, ++i, a);
        case "--data" -> data = Path.of(value(args, ++i, a));
        case "--limit" -> limit = positiveInt(value(args, ++i, a), a);
        case "--threads" -> threads = positiveInt(value(args, ++i, a), a);
        case "--seed" -> seed = positiveInt(value(args, ++i, a), a);
        case "-h", "--help" -> {
          usage();
          return;
        }
        default -> fail("unknown argument: " + a);
      }
    }
    if (model == null) {
      fail("--model mlp|cnn is required");
    }
    if (!model.equals("mlp") && !model.equals("cnn")) {
      fail("unknown model '" + model + "' (expected mlp or cnn)");
    }
    if (!Files.isDirectory(data)) {
      fail("MNIST data directory not found: " + data + " (use --data DIR)");
    }

    Mnist.Split train;
    Mnist.Split test;
    try {
      train = Mnist.load(data, true);
      test = Mnist.load(data, false);
    } catch (IOException e) {
      fail(e.getMessage());
      return;
    }
    if (train.pixels() != PIXELS || test.pixels() != PIXELS) {
      fail("expected 28x28 images, got " + train.pixels() + " / " + test.pixels() + " pixels");
    }
    int trainCount = limit > 0 ? Math.min(limit, train.count()) : train.count();
    System.err.printf(Locale.ROOT, "[tf] TensorFlow %s, model %s, %d training / %d test examples, data %s%n",
        TensorFlow.version(), model, trainCount, test.count(), data);

    try (Graph graph = new Graph()) {
      Model m = model.equals("mlp") ? buildMlp(graph) : buildCnn(graph);
      try (Session session = threads > 0 ? new Session(graph, config(threads)) : new Session(graph)) {
        session.initialize();
        run(m, session, train, trainCount, test);
      }
    }
  }

  // ---------------------------------------------------------------- models

  static Model buildMlp(Graph graph) {
    Ops tf = Ops.create(graph);
    Seeds seeds = new Seeds(1);
    Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, PIXELS)));
    Placeholder<TInt32> y = tf.withName("y").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));

    Variable<TFloat32> w1 = glorot(tf, seeds, Shape.of(PIXELS, 128), PIXELS, 128);
    Variable<TFloat32> b1 = zeros(tf, 128);
    Variable<TFloat32> w2 = glorot(tf, seeds, Shape.of(128, CLASSES), 128, CLASSES);
    Variable<TFloat32> b2 = zeros(tf, CLASSES);

    Operand<TFloat32> h = tf.nn.relu(dense(tf, x, w1, b1));
    Operand<TFloat32> logits = dense(tf, h, w2, b2);
    Operand<TFloat32> loss = crossEntropy(tf, logits, y);

    Op train = new Adam(graph, 1e-3f, 0.9f, 0.999f, 1e-8f).minimize(loss);
    return new Model("mlp", 100, x, y, loss, train, argMax(tf, logits));
  }

  static Model buildCnn(Graph graph) {
    Ops tf = Ops.create(graph);
    Seeds seeds = new Seeds(2);
    Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, PIXELS)));
    Placeholder<TInt32> y = tf.withName("y").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));

    // conv kernels are HWIO; Glorot fans are in*kh*kw and out*kh*kw
    Variable<TFloat32> c1 = glorot(tf, seeds, Shape.of(5, 5, 1, 32), 1 * 25, 32 * 25);
    Variable<TFloat32> cb1 = zeros(tf, 32);
    Variable<TFloat32> c2 = glorot(tf, seeds, Shape.of(5, 5, 32, 64), 32 * 25, 64 * 25);
    Variable<TFloat32> cb2 = zeros(tf, 64);
    Variable<TFloat32> f1 = glorot(tf, seeds, Shape.of(7 * 7 * 64, 1024), 7 * 7 * 64, 1024);
    Variable<TFloat32> fb1 = zeros(tf, 1024);
    Variable<TFloat32> f2 = glorot(tf, seeds, Shape.of(1024, CLASSES), 1024, CLASSES);
    Variable<TFloat32> fb2 = zeros(tf, CLASSES);

    // Two forward paths over the same variables: with dropout (training) and without (evaluation).
    Operand<TFloat32> trainLogits = cnnForward(tf, x, c1, cb1, c2, cb2, f1, fb1, f2, fb2, 0.5f, seeds);
    Operand<TFloat32> evalLogits = cnnForward(tf, x, c1, cb1, c2, cb2, f1, fb1, f2, fb2, 1.0f, seeds);

    List<Operand<TFloat32>> l2 = new ArrayList<>();
    for (Variable<TFloat32> w : List.of(c1, c2, f1, f2)) {
      l2.add(tf.nn.l2Loss(w)); // sum(w^2) / 2
    }
    Operand<TFloat32> loss = tf.math.add(crossEntropy(tf, trainLogits, y),
        tf.math.mul(tf.constant(5e-4f), tf.math.addN(l2)));

    Op train = new Adam(graph, 1e-4f, 0.9f, 0.999f, 1e-8f).minimize(loss);
    return new Model("cnn", 50, x, y, loss, train, argMax(tf, evalLogits));
  }

  private static Operand<TFloat32> cnnForward(Ops tf, Operand<TFloat32> x,
      Operand<TFloat32> c1, Operand<TFloat32> cb1, Operand<TFloat32> c2, Operand<TFloat32> cb2,
      Operand<TFloat32> f1, Operand<TFloat32> fb1, Operand<TFloat32> f2, Operand<TFloat32> fb2,
      float keep, Seeds seeds) {
    Operand<TFloat32> img = tf.reshape(x, tf.constant(new int[] {-1, 28, 28, 1})); // NHWC
    Operand<TFloat32> a = maxPool2(tf, tf.nn.relu(conv5(tf, img, c1, cb1)));        // [n,14,14,32]
    a = maxPool2(tf, tf.nn.relu(conv5(tf, a, c2, cb2)));                              // [n,7,7,64]
    Operand<TFloat32> flat = tf.reshape(a, tf.constant(new int[] {-1, 7 * 7 * 64}));
    Operand<TFloat32> h = tf.nn.relu(dense(tf, flat, f1, fb1));
    if (keep < 1.0f) {
      // inverted dropout: mask = floor(keep + U[0,1)) is 1 with probability keep; scale survivors by 1/keep
      RandomUniform<TFloat32> u = tf.random.randomUniform(tf.shape(h), TFloat32.class,
          RandomUniform.seed(seeds.next()), RandomUniform.seed2(seeds.next()));
      Operand<TFloat32> mask = tf.math.floor(tf.math.add(u, tf.constant(keep)));
      h = tf.math.mul(h, tf.math.mul(mask, tf.constant(1.0f / keep)));
    }
    return dense(tf, h, f2, fb2);
  }

  private static Operand<TFloat32> conv5(Ops tf, Operand<TFloat32> in, Operand<TFloat32> k, Operand<TFloat32> b) {
    return tf.nn.biasAdd(tf.nn.conv2d(in, k, Arrays.asList(1L, 1L, 1L, 1L), "SAME"), b);
  }

  private static Operand<TFloat32> maxPool2(Ops tf, Operand<TFloat32> in) {
    return tf.nn.maxPool(in, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
  }

  private static Operand<TFloat32> dense(Ops tf, Operand<TFloat32> in, Operand<TFloat32> w, Operand<TFloat32> b) {
    return tf.nn.biasAdd(tf.linalg.matMul(in, w), b);
  }

  /** Mean over the batch of softmax cross-entropy against one-hot labels. */
  private static Operand<TFloat32> crossEntropy(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels) {
    Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(CLASSES), tf.constant(1.0f), tf.constant(0.0f));
    return tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(), tf.constant(0));
  }

  private static Operand<TInt64> argMax(Ops tf, Operand<TFloat32> logits) {
    return tf.math.argMax(logits, tf.constant(1));
  }

  /** Glorot (Xavier) uniform U(-a, a), a = sqrt(6 / (fanIn + fanOut)); the initialiser runs once, in the init scope. */
  private static Variable<TFloat32> glorot(Ops tf, Seeds seeds, Shape shape, long fanIn, long fanOut) {
    Ops init = tf.withInitScope();
    float a = (float) Math.sqrt(6.0 / (fanIn + fanOut));
    Operand<TFloat32> u = init.random.randomUniform(init.constant(shape), TFloat32.class,
        RandomUniform.seed(seeds.next()), RandomUniform.seed2(seeds.next()));
    return tf.variable(init.math.sub(init.math.mul(u, init.constant(2 * a)), init.constant(a)));
  }

  private static Variable<TFloat32> zeros(Ops tf, int n) {
    return tf.variable(tf.withInitScope().zeros(tf.withInitScope().constant(new int[] {n}), TFloat32.class));
  }

  /** Fixed op-level seeds so that runs are repeatable. */
  private static final class Seeds {
    private long next;

    Seeds(long start) {
      next = seed * 100_000 + start * 1000;
    }

    long next() {
      return ++next;
    }
  }

  private static ConfigProto config(int threads) {
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(threads)
        .setInterOpParallelismThreads(threads)
        .build();
  }

  // ---------------------------------------------------------------- training & evaluation

  static void run(Model m, Session session, Mnist.Split train, int trainCount, Mnist.Split test) {
    int batch = m.batch();
    int steps = trainCount / batch; // full batches only; any remainder is dropped
    if (steps == 0) {
      fail("--limit " + trainCount + " is smaller than one batch of " + batch);
    }
    int[] order = new int[trainCount];
    for (int i = 0; i < trainCount; i++) {
      order[i] = i;
    }
    Random rnd = new Random(seed);
    for (int i = trainCount - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }

    float[] xb = new float[batch * PIXELS];
    int[] yb = new int[batch];
    double coldStart = Double.NaN;
    double lossSum = 0;
    int lossCount = 0;
    long t0 = System.nanoTime();
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < batch; i++) {
        int e = order[s * batch + i];
        System.arraycopy(train.images(), e * PIXELS, xb, i * PIXELS, PIXELS);
        yb[i] = train.labels()[e];
      }
      float loss;
      try (TFloat32 xt = TFloat32.tensorOf(Shape.of(batch, PIXELS), DataBuffers.of(xb, true, false));
           TInt32 yt = TInt32.tensorOf(Shape.of(batch), DataBuffers.of(yb, true, false));
           Result r = session.runner().feed(m.x(), xt).feed(m.y(), yt)
               .addTarget(m.train()).fetch(m.loss()).run()) {
        loss = ((TFloat32) r.get(0)).getFloat();
      }
      if (s == 0) {
        coldStart = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
      }
      if (!Float.isFinite(loss)) {
        fail("loss is " + loss + " at step " + s);
      }
      lossSum += loss;
      lossCount++;
      if ((s + 1) % 100 == 0 || s + 1 == steps) {
        System.err.printf(Locale.ROOT, "[tf] %s step %d/%d  mean loss %.4f  (%.1f s)%n", m.name(), s + 1, steps,
            lossSum / lossCount, (System.nanoTime() - t0) / 1e9);
        lossSum = 0;
        lossCount = 0;
      }
    }
    double epochSeconds = (System.nanoTime() - t0) / 1e9;

    double accuracy = evaluate(m, session, test);
    double rssMb = peakRssMb();
    double examplesPerSecond = (double) steps * batch / epochSeconds;
    System.err.printf(Locale.ROOT, "[tf] %s: %d steps in %.2f s, test accuracy %.4f%n", m.name(), steps,
        epochSeconds, accuracy);
    System.out.printf(Locale.ROOT,
        "RESULT {\"system\":\"%s\",\"model\":\"%s\",\"batch\":%d,\"epoch_seconds\":%.3f,"
            + "\"examples_per_second\":%.1f,\"test_accuracy\":%.4f,\"cold_start_seconds\":%.3f,"
            + "\"peak_rss_mb\":%s}%n",
        SYSTEM, m.name(), batch, epochSeconds, examplesPerSecond, accuracy, coldStart,
        Double.isNaN(rssMb) ? "null" : String.format(Locale.ROOT, "%.1f", rssMb));
    System.out.flush();
  }

  static double evaluate(Model m, Session session, Mnist.Split test) {
    int correct = 0;
    for (int start = 0; start < test.count(); start += EVAL_BATCH) {
      int n = Math.min(EVAL_BATCH, test.count() - start);
      float[] xb = Arrays.copyOfRange(test.images(), start * PIXELS, (start + n) * PIXELS);
      try (TFloat32 xt = TFloat32.tensorOf(Shape.of(n, PIXELS), DataBuffers.of(xb, true, false));
           Result r = session.runner().feed(m.x(), xt).fetch(m.predictions()).run()) {
        TInt64 pred = (TInt64) r.get(0);
        for (int i = 0; i < n; i++) {
          if (pred.getLong(i) == test.labels()[start + i]) {
            correct++;
          }
        }
      }
    }
    return (double) correct / test.count();
  }

  /** VmHWM (peak resident set size) of this process, in MiB; NaN where /proc is unavailable. */
  static double peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) / 1024.0; // kB
        }
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("[tf] cannot read VmHWM: " + e);
    }
    return Double.NaN;
  }

  // ---------------------------------------------------------------- arguments

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      fail(flag + " needs a value");
    }
    return args[i];
  }

  private static int positiveInt(String s, String flag) {
    try {
      int v = Integer.parseInt(s);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    fail(flag + " expects a positive integer, got '" + s + "'");
    return -1;
  }

  private static void usage() {
    System.err.println("usage: run.sh --model mlp|cnn [--data DIR] [--limit N] [--threads N] [--seed N]");
  }

  private static void fail(String message) {
    System.err.println("tf-bench: " + message);
    usage();
    System.exit(2);
  }
}
