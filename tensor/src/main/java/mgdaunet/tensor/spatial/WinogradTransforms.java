package mgdaunet.tensor.spatial;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The tile transforms of Winograd's F(2x2, 3x3) (Lavin and Gray, 2016), vectorized over tiles: one
 * lane per tile, so every transform is a handful of whole-vector adds. Each has a scalar twin doing
 * the same float operations in the same order (bit-identical results), taken when simd is false.
 *
 * <pre>
 *   input:   V = B^T d B,  B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]     (d: a 4x4 input tile)
 *   output:  Y = A^T M A,  A^T = [1 1 1 0; 0 1 -1 -1]                         (Y: a 2x2 output tile)
 *   filter:  U = G g G^T,  G   = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1]
 * </pre>
 *
 * The input tiles are read from four "quarter planes" that split a padded image by row and column
 * parity, laid out so that element (i, j) of the tiles of consecutive slots lies at consecutive
 * addresses: {@code d[i][j] = quarter[(i % 2) * 2 + (j % 2)][slot + (i / 2) * rowStride + j / 2]}.
 */
final class WinogradTransforms {
    private WinogradTransforms() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorShuffle<Float> ZIP_LO = VectorShuffle.makeZip(S, 0), ZIP_HI = VectorShuffle.makeZip(S, 1);
    private static final VectorShuffle<Float> UNZIP_EVEN = VectorShuffle.makeUnzip(S, 0), UNZIP_ODD = VectorShuffle.makeUnzip(S, 1);

    /**
     * V[e][c] for the tiles of one vector of slots: {@code q} holds the quarter planes (plane ab of
     * channel c at {@code qBase + (c * 4 + ab) * planeStride}); the 16 results of channel c go to
     * {@code v[vBase + e * eStride + c * cStride]}, {@code width} slots each.
     */
    static void input(boolean simd, int channels, float[] q, int qBase, int planeStride, int rowStride, float[] v, int vBase,
                      int eStride, int cStride, int width) {
        for (int c = 0; c < channels; c++) {
            int p = qBase + c * 4 * planeStride, o = vBase + c * cStride;
            if (simd) {
                for (int s = 0; s < width; s += L) inputVector(q, p + s, planeStride, rowStride, v, o + s, eStride);
            } else {
                for (int s = 0; s < width; s++) inputScalar(q, p + s, planeStride, rowStride, v, o + s, eStride);
            }
        }
    }

    private static void inputVector(float[] q, int p, int ps, int rs, float[] v, int o, int es) {
        // Columns j of d come from the even (j = 0, 2) or odd (j = 1, 3) column planes, shifted by j / 2.
        int ee = p, eo = p + ps, oe = p + 2 * ps, oo = p + 3 * ps;
        FloatVector s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33;
        {   // column 0: rows 0, 2 from even-row planes, rows 1, 3 from odd-row planes
            FloatVector d0 = FloatVector.fromArray(S, q, ee), d1 = FloatVector.fromArray(S, q, oe);
            FloatVector d2 = FloatVector.fromArray(S, q, ee + rs), d3 = FloatVector.fromArray(S, q, oe + rs);
            s00 = d0.sub(d2); s10 = d1.add(d2); s20 = d2.sub(d1); s30 = d1.sub(d3);
        }
        {
            FloatVector d0 = FloatVector.fromArray(S, q, eo), d1 = FloatVector.fromArray(S, q, oo);
            FloatVector d2 = FloatVector.fromArray(S, q, eo + rs), d3 = FloatVector.fromArray(S, q, oo + rs);
            s01 = d0.sub(d2); s11 = d1.add(d2); s21 = d2.sub(d1); s31 = d1.sub(d3);
        }
        {
            FloatVector d0 = FloatVector.fromArray(S, q, ee + 1), d1 = FloatVector.fromArray(S, q, oe + 1);
            FloatVector d2 = FloatVector.fromArray(S, q, ee + rs + 1), d3 = FloatVector.fromArray(S, q, oe + rs + 1);
            s02 = d0.sub(d2); s12 = d1.add(d2); s22 = d2.sub(d1); s32 = d1.sub(d3);
        }
        {
            FloatVector d0 = FloatVector.fromArray(S, q, eo + 1), d1 = FloatVector.fromArray(S, q, oo + 1);
            FloatVector d2 = FloatVector.fromArray(S, q, eo + rs + 1), d3 = FloatVector.fromArray(S, q, oo + rs + 1);
            s03 = d0.sub(d2); s13 = d1.add(d2); s23 = d2.sub(d1); s33 = d1.sub(d3);
        }
        s00.sub(s02).intoArray(v, o); s01.add(s02).intoArray(v, o + es); s02.sub(s01).intoArray(v, o + 2 * es); s01.sub(s03).intoArray(v, o + 3 * es);
        s10.sub(s12).intoArray(v, o + 4 * es); s11.add(s12).intoArray(v, o + 5 * es); s12.sub(s11).intoArray(v, o + 6 * es); s11.sub(s13).intoArray(v, o + 7 * es);
        s20.sub(s22).intoArray(v, o + 8 * es); s21.add(s22).intoArray(v, o + 9 * es); s22.sub(s21).intoArray(v, o + 10 * es); s21.sub(s23).intoArray(v, o + 11 * es);
        s30.sub(s32).intoArray(v, o + 12 * es); s31.add(s32).intoArray(v, o + 13 * es); s32.sub(s31).intoArray(v, o + 14 * es); s31.sub(s33).intoArray(v, o + 15 * es);
    }

    private static void inputScalar(float[] q, int p, int ps, int rs, float[] v, int o, int es) {
        // Row i of B^T d for column j, then B applied along each row: the vector code's operations, one lane.
        for (int i = 0; i < 4; i++) {
            float a0 = rowOfBtD(q, p, ps, rs, i, 0), a1 = rowOfBtD(q, p, ps, rs, i, 1);
            float a2 = rowOfBtD(q, p, ps, rs, i, 2), a3 = rowOfBtD(q, p, ps, rs, i, 3);
            int e = o + 4 * i * es;
            v[e] = a0 - a2;
            v[e + es] = a1 + a2;
            v[e + 2 * es] = a2 - a1;
            v[e + 3 * es] = a1 - a3;
        }
    }

    /** (B^T d)[i][j] for the tile at slot p. */
    private static float rowOfBtD(float[] q, int p, int ps, int rs, int i, int j) {
        int col = p + (j % 2) * ps + j / 2;
        float d0 = q[col], d1 = q[col + 2 * ps], d2 = q[col + rs], d3 = q[col + 2 * ps + rs];
        return switch (i) {
            case 0 -> d0 - d2;
            case 1 -> d1 + d2;
            case 2 -> d2 - d1;
            default -> d1 - d3;
        };
    }

    /**
     * Y = A^T M A for {@code width} slots of every output channel: M[e][o] at
     * {@code m[mBase + e * eStride + o * oStride]}. Without {@code zip}, output y[a][b] of channel o
     * goes to {@code y[yBase + (a * 2 + b) * abStride + o * oStride]}. With {@code zip} the slots are
     * one vector of consecutive tiles of a tile row, written straight into the output image: the two
     * columns of each tile row interleaved into 2 * width pixels at
     * {@code y[yBase + o * abStride + a * rowStride]}. With {@code relu}, max(0, .) of each output
     * (a convolution's ReLU epilogue).
     */
    static void output(boolean simd, boolean zip, boolean relu, int rows, float[] m, int mBase, int eStride, int oStride, float[] y, int yBase,
                       int abStride, int rowStride, int width) {
        for (int o = 0; o < rows; o++) {
            int mo = mBase + o * oStride;
            int yo = yBase + o * (zip ? abStride : oStride);
            if (simd) {
                for (int s = 0; s < width; s += L) outputVector(zip, relu, m, mo + s, eStride, y, zip ? yo + 2 * s : yo + s, abStride, rowStride);
            } else {
                for (int s = 0; s < width; s++) outputScalar(zip, relu, m, mo + s, eStride, y, zip ? yo + 2 * s : yo + s, abStride, rowStride);
            }
        }
    }

    private static void outputVector(boolean zip, boolean relu, float[] m, int p, int es, float[] y, int o, int ab, int rs) {
        // t[a][j] = sum_i A^T[a][i] M[i][j], then y[a][b] = sum_j t[a][j] A^T[b][j].
        FloatVector t00, t01, t02, t03, t10, t11, t12, t13;
        {
            FloatVector m0 = FloatVector.fromArray(S, m, p), m1 = FloatVector.fromArray(S, m, p + 4 * es);
            FloatVector m2 = FloatVector.fromArray(S, m, p + 8 * es), m3 = FloatVector.fromArray(S, m, p + 12 * es);
            t00 = m0.add(m1).add(m2); t10 = m1.sub(m2).sub(m3);
        }
        {
            FloatVector m0 = FloatVector.fromArray(S, m, p + es), m1 = FloatVector.fromArray(S, m, p + 5 * es);
            FloatVector m2 = FloatVector.fromArray(S, m, p + 9 * es), m3 = FloatVector.fromArray(S, m, p + 13 * es);
            t01 = m0.add(m1).add(m2); t11 = m1.sub(m2).sub(m3);
        }
        {
            FloatVector m0 = FloatVector.fromArray(S, m, p + 2 * es), m1 = FloatVector.fromArray(S, m, p + 6 * es);
            FloatVector m2 = FloatVector.fromArray(S, m, p + 10 * es), m3 = FloatVector.fromArray(S, m, p + 14 * es);
            t02 = m0.add(m1).add(m2); t12 = m1.sub(m2).sub(m3);
        }
        {
            FloatVector m0 = FloatVector.fromArray(S, m, p + 3 * es), m1 = FloatVector.fromArray(S, m, p + 7 * es);
            FloatVector m2 = FloatVector.fromArray(S, m, p + 11 * es), m3 = FloatVector.fromArray(S, m, p + 15 * es);
            t03 = m0.add(m1).add(m2); t13 = m1.sub(m2).sub(m3);
        }
        FloatVector y00 = t00.add(t01).add(t02), y01 = t01.sub(t02).sub(t03);
        FloatVector y10 = t10.add(t11).add(t12), y11 = t11.sub(t12).sub(t13);
        if (relu) {
            FloatVector zero = FloatVector.zero(S);
            y00 = y00.max(zero);
            y01 = y01.max(zero);
            y10 = y10.max(zero);
            y11 = y11.max(zero);
        }
        if (zip) {
            y00.rearrange(ZIP_LO, y01).intoArray(y, o);
            y00.rearrange(ZIP_HI, y01).intoArray(y, o + L);
            y10.rearrange(ZIP_LO, y11).intoArray(y, o + rs);
            y10.rearrange(ZIP_HI, y11).intoArray(y, o + rs + L);
        } else {
            y00.intoArray(y, o);
            y01.intoArray(y, o + ab);
            y10.intoArray(y, o + 2 * ab);
            y11.intoArray(y, o + 3 * ab);
        }
    }

    private static void outputScalar(boolean zip, boolean relu, float[] m, int p, int es, float[] y, int o, int ab, int rs) {
        float t00 = columnOfAtM(m, p, es, 0, 0), t01 = columnOfAtM(m, p, es, 0, 1), t02 = columnOfAtM(m, p, es, 0, 2);
        float t03 = columnOfAtM(m, p, es, 0, 3);
        float t10 = columnOfAtM(m, p, es, 1, 0), t11 = columnOfAtM(m, p, es, 1, 1), t12 = columnOfAtM(m, p, es, 1, 2);
        float t13 = columnOfAtM(m, p, es, 1, 3);
        float y00 = t00 + t01 + t02, y01 = t01 - t02 - t03, y10 = t10 + t11 + t12, y11 = t11 - t12 - t13;
        if (relu) {
            y00 = Math.max(0f, y00);
            y01 = Math.max(0f, y01);
            y10 = Math.max(0f, y10);
            y11 = Math.max(0f, y11);
        }
        if (zip) {
            y[o] = y00;
            y[o + 1] = y01;
            y[o + rs] = y10;
            y[o + rs + 1] = y11;
        } else {
            y[o] = y00;
            y[o + ab] = y01;
            y[o + 2 * ab] = y10;
            y[o + 3 * ab] = y11;
        }
    }

    /** (A^T M)[a][j] for the tile at slot p. */
    private static float columnOfAtM(float[] m, int p, int es, int a, int j) {
        float m0 = m[p + j * es], m1 = m[p + (4 + j) * es], m2 = m[p + (8 + j) * es], m3 = m[p + (12 + j) * es];
        return a == 0 ? m0 + m1 + m2 : m1 - m2 - m3;
    }

    /**
     * U = G g G^T of one 3x3 kernel {@code g[gBase..gBase+9)} (row-major, or mirrored when
     * {@code flip}), in double, rounded once: the 16 values into {@code u[uBase + e * uStride]} for e = 4i + j.
     */
    static void filter(float[] g, int gBase, boolean flip, float[] u, int uBase, int uStride) {
        // Rows of G g from the kernel's rows k0, k1, k2: k0, (k0 + k1 + k2) / 2, (k0 - k1 + k2) / 2, k2.
        double k00 = tap(g, gBase, flip, 0), k01 = tap(g, gBase, flip, 1), k02 = tap(g, gBase, flip, 2);
        double k10 = tap(g, gBase, flip, 3), k11 = tap(g, gBase, flip, 4), k12 = tap(g, gBase, flip, 5);
        double k20 = tap(g, gBase, flip, 6), k21 = tap(g, gBase, flip, 7), k22 = tap(g, gBase, flip, 8);
        filterRow(k00, k01, k02, u, uBase, uStride);
        filterRow((k00 + k10 + k20) * 0.5, (k01 + k11 + k21) * 0.5, (k02 + k12 + k22) * 0.5, u, uBase + 4 * uStride, uStride);
        filterRow((k00 - k10 + k20) * 0.5, (k01 - k11 + k21) * 0.5, (k02 - k12 + k22) * 0.5, u, uBase + 8 * uStride, uStride);
        filterRow(k20, k21, k22, u, uBase + 12 * uStride, uStride);
    }

    /** One row [a, b, d] of G g times G^T: [a, (a + b + d) / 2, (a - b + d) / 2, d], rounded to float. */
    private static void filterRow(double a, double b, double d, float[] u, int at, int stride) {
        u[at] = (float) a;
        u[at + stride] = (float) ((a + b + d) * 0.5);
        u[at + 2 * stride] = (float) ((a - b + d) * 0.5);
        u[at + 3 * stride] = (float) d;
    }

    private static double tap(float[] g, int gBase, boolean flip, int i) {
        return g[gBase + (flip ? 8 - i : i)];
    }

    /**
     * The adjoint of {@link #unzip}: dst[at + 2i] += even[e + i] and dst[at + 2i + 1] += odd[o + i]
     * for i < n, a vector pair at a time (the same float adds either way).
     */
    static void zipAdd(boolean simd, float[] even, int e, float[] odd, int o, int n, float[] dst, int at) {
        int i = 0;
        if (simd) {
            for (; i + L <= n; i += L) {
                FloatVector v0 = FloatVector.fromArray(S, even, e + i), v1 = FloatVector.fromArray(S, odd, o + i);
                FloatVector.fromArray(S, dst, at + 2 * i).add(v0.rearrange(ZIP_LO, v1)).intoArray(dst, at + 2 * i);
                FloatVector.fromArray(S, dst, at + 2 * i + L).add(v0.rearrange(ZIP_HI, v1)).intoArray(dst, at + 2 * i + L);
            }
        }
        for (; i < n; i++) {
            dst[at + 2 * i] += even[e + i];
            dst[at + 2 * i + 1] += odd[o + i];
        }
    }

    /**
     * As {@link #unzip}, but in whole vectors: it may read past {@code src[from + 2n)} and write up
     * to L - 1 floats past each of its two outputs (the caller writes those cells afterwards, and
     * leaves room for them at the end of its array). Masked stores cost more than the spill.
     */
    static void unzipSpilling(boolean simd, float[] src, int from, int n, float[] even, int e, float[] odd, int o) {
        if (!simd) {
            unzip(false, src, from, n, even, e, odd, o);
            return;
        }
        for (int i = 0; i < n; i += L) {
            int at = from + 2 * i;
            FloatVector v0, v1;
            if (at + 2 * L <= src.length) {
                v0 = FloatVector.fromArray(S, src, at);
                v1 = FloatVector.fromArray(S, src, at + L);
            } else {
                v0 = FloatVector.fromArray(S, src, at, S.indexInRange(at, src.length));
                v1 = FloatVector.fromArray(S, src, at + L, S.indexInRange(at + L, src.length));
            }
            v0.rearrange(UNZIP_EVEN, v1).intoArray(even, e + i);
            v0.rearrange(UNZIP_ODD, v1).intoArray(odd, o + i);
        }
    }

    /**
     * Even-indexed elements of {@code src[from, from + 2n)} to {@code even[e..]}, odd-indexed to
     * {@code odd[o..]}. The last fewer than L pairs go through masked loads and stores: the rows
     * of the small images Winograd serves (6 to 24 columns) are all tail, and a scalar loop over
     * them made filling the quarter planes a quarter of the convolution's time.
     */
    static void unzip(boolean simd, float[] src, int from, int n, float[] even, int e, float[] odd, int o) {
        int i = 0;
        if (simd) {
            for (; i + L <= n; i += L) {
                FloatVector v0 = FloatVector.fromArray(S, src, from + 2 * i), v1 = FloatVector.fromArray(S, src, from + 2 * i + L);
                v0.rearrange(UNZIP_EVEN, v1).intoArray(even, e + i);
                v0.rearrange(UNZIP_ODD, v1).intoArray(odd, o + i);
            }
            int rest = n - i;
            if (rest > 0) {
                VectorMask<Float> in = S.indexInRange(0, 2 * rest), out = S.indexInRange(0, rest);
                FloatVector v0 = FloatVector.fromArray(S, src, from + 2 * i, in);
                FloatVector v1 = 2 * rest > L ? FloatVector.fromArray(S, src, from + 2 * i + L, S.indexInRange(L, 2 * rest)) : FloatVector.zero(S);
                v0.rearrange(UNZIP_EVEN, v1).intoArray(even, e + i, out);
                v0.rearrange(UNZIP_ODD, v1).intoArray(odd, o + i, out);
                return;
            }
        }
        for (; i < n; i++) {
            even[e + i] = src[from + 2 * i];
            odd[o + i] = src[from + 2 * i + 1];
        }
    }
}
