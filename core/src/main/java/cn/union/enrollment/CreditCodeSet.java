package cn.union.enrollment;

/**
 * The credit codes met so far in one register import, to find a code given twice. A code is 18
 * characters of {@link CreditCodes#CHARSET} (31 of them, 5 bits each), so it is kept as two longs
 * of 45 bits in two arrays (open addressing, at most half of the slots used), not as a string in a
 * hash set: a million codes take two arrays of 16 MB each instead of a million strings and map
 * nodes, which the collector would copy from young to old while the import runs, in pauses every
 * request of the server waits through.
 */
final class CreditCodeSet {

  /** Marks a used slot: a packed half has 45 bits, so this bit is never part of a code. */
  private static final long USED = 1L << 62;

  private long[] high = new long[1 << 12];
  private long[] low = new long[1 << 12];
  private int size;

  /**
   * Adds a code (normalized: upper case, 18 characters of the charset).
   *
   * @return false when it was there already
   * @throws IllegalArgumentException for anything that is not such a code
   */
  boolean add(String code) {
    if (code.length() != 18) {
      throw new IllegalArgumentException("a credit code has 18 characters");
    }
    long h = pack(code, 0) | USED;
    long l = pack(code, 9);
    if (!insert(high, low, h, l)) {
      return false;
    }
    if (++size * 2 > high.length) {
      grow();
    }
    return true;
  }

  int size() {
    return size;
  }

  private static long pack(String code, int from) {
    long v = 0;
    for (int i = from; i < from + 9; i++) {
      int c = CreditCodes.CHARSET.indexOf(code.charAt(i));
      if (c < 0) {
        throw new IllegalArgumentException("not a credit code character");
      }
      v = v << 5 | c;
    }
    return v;
  }

  /** Puts the pair in the first free slot from its hash on; false when it is there already. */
  private static boolean insert(long[] hs, long[] ls, long h, long l) {
    int mask = hs.length - 1;
    for (int i = slot(h, l) & mask; ; i = (i + 1) & mask) {
      if (hs[i] == 0) {
        hs[i] = h;
        ls[i] = l;
        return true;
      }
      if (hs[i] == h && ls[i] == l) {
        return false;
      }
    }
  }

  private static int slot(long h, long l) {
    long x = h * 0x9E3779B97F4A7C15L ^ l;
    x = (x ^ x >>> 33) * 0xFF51AFD7ED558CCDL;
    return (int) (x ^ x >>> 33);
  }

  private void grow() {
    long[] hs = new long[high.length * 2];
    long[] ls = new long[hs.length];
    for (int i = 0; i < high.length; i++) {
      if (high[i] != 0) {
        insert(hs, ls, high[i], low[i]);
      }
    }
    high = hs;
    low = ls;
  }
}
