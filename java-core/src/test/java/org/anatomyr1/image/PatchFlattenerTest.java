// Patch flatten order on a synthetic image whose value encodes (c, y, x): every pixel_values entry
// must sit at row ((bh*(gw/m) + bw)*m*m + mh*m + mw), column c*tp*p*p + tt*p*p + py*p + px (spec §3.6).
package org.anatomyr1.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PatchFlattenerTest {
  @Test
  void rowAndColumnFormula() {
    int c = 3, h = 56, w = 84, p = 14, tp = 2, m = 2;
    float[] chw = new float[c * h * w];
    for (int ch = 0; ch < c; ch++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
      chw[(ch * h + y) * w + x] = ch * 10000 + y * 100 + x;
    }
    float[] out = PatchFlattener.flattenStill(chw, c, h, w, p, tp, m);
    int gh = h / p, gw = w / p, cols = c * tp * p * p;
    assertEquals(gh * gw * cols, out.length);
    for (int bh = 0; bh < gh / m; bh++) for (int bw = 0; bw < gw / m; bw++) for (int mh = 0; mh < m; mh++) {
      for (int mw = 0; mw < m; mw++) {
        int row = (bh * (gw / m) + bw) * m * m + mh * m + mw;
        for (int ch = 0; ch < c; ch++) for (int tt = 0; tt < tp; tt++) for (int py = 0; py < p; py++) {
          for (int px = 0; px < p; px++) {
            int y = (bh * m + mh) * p + py, x = (bw * m + mw) * p + px;
            assertEquals(ch * 10000 + y * 100 + x, out[row * cols + ch * tp * p * p + tt * p * p + py * p + px]);
          }
        }
      }
    }
  }

  @Test
  void processorNamesTheBadImage() {
    QwenImageProcessor proc = new QwenImageProcessor(QwenImageProcessor.Settings.defaults());
    RgbImage ok = RgbImage.blank(56, 56);
    RgbImage tiny = RgbImage.blank(10, 300);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> proc.process(List.of(ok, tiny)));
    assertTrue(e.getMessage().startsWith("image 1:"), e.getMessage());
    QwenImageProcessor.Result r = proc.process(List.of(ok));
    assertEquals(16, r.rows()); // 56x56 -> 4x4 patches
    assertEquals(4, r.tokens(0, 2)); // one merged token per 2x2 patch block
  }
}
