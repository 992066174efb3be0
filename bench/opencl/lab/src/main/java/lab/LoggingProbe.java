package lab;

import java.util.logging.Handler;
import java.util.logging.Logger;

/** Aparapi's Config static initializer sets the level of every ROOT handler to com.aparapi.logLevel (default WARNING). */
public class LoggingProbe {
    public static void main(String[] a) {
        Logger app = Logger.getLogger("my.app");
        app.info("INFO before Aparapi is touched");
        for (Handler h : Logger.getLogger("").getHandlers()) System.out.println("root handler level before: " + h.getLevel());
        new AddKernel(4);   // loads com.aparapi.Config
        try { Class.forName("com.aparapi.Config"); } catch (ClassNotFoundException e) { throw new RuntimeException(e); }
        for (Handler h : Logger.getLogger("").getHandlers()) System.out.println("root handler level after: " + h.getLevel());
        app.info("INFO after Aparapi is touched");
        app.warning("WARNING after Aparapi is touched");
    }
}
