package orphic.lm.sample;

/** Parameter validation with messages that say the valid range. */
final class Check {
    private Check() {}

    /** lo &lt; x ≤ hi (or lo ≤ x when loInclusive), finite. */
    static double range(String name, double x, double lo, boolean loInclusive, double hi, boolean hiInclusive) {
        boolean ok = !Double.isNaN(x)
                && (loInclusive ? x >= lo : x > lo)
                && (hiInclusive ? x <= hi : x < hi);
        if (!ok) {
            throw new IllegalArgumentException(name + " must be in " + (loInclusive ? "[" : "(") + fmt(lo) + ", "
                    + fmt(hi) + (hiInclusive ? "]" : ")") + ", got " + fmt(x));
        }
        return x;
    }

    static double atLeast(String name, double x, double lo) {
        if (Double.isNaN(x) || x < lo || Double.isInfinite(x)) {
            throw new IllegalArgumentException(name + " must be a finite number ≥ " + fmt(lo) + ", got " + fmt(x));
        }
        return x;
    }

    static double positive(String name, double x) {
        if (!(x > 0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + fmt(x));
        }
        return x;
    }

    static double finite(String name, double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            throw new IllegalArgumentException(name + " must be a finite number, got " + fmt(x));
        }
        return x;
    }

    static int atLeast(String name, int x, int lo) {
        if (x < lo) {
            throw new IllegalArgumentException(name + " must be ≥ " + lo + ", got " + x);
        }
        return x;
    }

    static String fmt(double x) {
        if (x == Math.rint(x) && !Double.isInfinite(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        return Double.toString(x);
    }
}
