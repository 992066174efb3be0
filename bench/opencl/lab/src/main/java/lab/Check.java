package lab;

import com.aparapi.Kernel;
import com.aparapi.Range;

public class Check {
    public static void main(String[] a) throws Exception {
        for (String name : a) {
            Class<?> c = Class.forName("lab." + name);
            Kernel k;
            try { k = (Kernel) c.getDeclaredConstructor(int.class, int.class, int.class).newInstance(4, 8, 2); }
            catch (NoSuchMethodException e) { var ctor = c.getDeclaredConstructor(int.class); ctor.setAccessible(true); k = (Kernel) ctor.newInstance(256); }
            long t0 = System.nanoTime();
            k.execute(Range.create(8));
            long t1 = System.nanoTime();
            System.out.printf("RESULT %-24s runningCL=%-5s target=%s first=%.0f ms%n", name, k.isRunningCL(), k.getTargetDevice().getShortDescription(), (t1 - t0) / 1e6);
        }
    }
}
