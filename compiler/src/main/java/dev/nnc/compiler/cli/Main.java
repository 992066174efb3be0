package dev.nnc.compiler.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code nnc}: the command line of the compiler. */
@Command(
        name = "nnc",
        mixinStandardHelpOptions = true,
        version = "nnc 0.1.0",
        description = "Compiles .nn neural-network models to Java.",
        subcommands = {CheckCommand.class, SummaryCommand.class, CompileCommand.class, TrainCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Compilation recurses over expressions; a roomy stack keeps absurd but legal inputs from overflowing it. */
    private static final long STACK_BYTES = 256L << 20;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: check, summary, compile or train");
    }

    public static void main(String[] args) throws InterruptedException {
        int[] status = new int[1];
        Thread worker = new Thread(null, () -> status[0] = run(args, new PrintWriter(System.out, true),
                new PrintWriter(System.err, true)), "nnc", STACK_BYTES);
        worker.start();
        worker.join();
        System.exit(status[0]);
    }

    /** Runs the CLI with the given streams; returns the exit status (0 fine, 1 errors, 2 usage). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("nnc: internal error: " + e);
            err.println("this is a bug in nnc; please report it with the input that caused it"
                    + " (NNC_DEBUG=1 prints the stack trace)");
            if (System.getenv("NNC_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 70;
        });
        int status = cli.execute(args);
        out.flush();
        err.flush();
        return status;
    }
}
