// Segment-restricted attention of the vision tower without an [N, N] mask: the segments
// [cu[j], cu[j+1]) (whole images or windows) are grouped by length, each group gathered into one
// batch for LibTorch scaled_dot_product_attention and scattered back. Same math as the reference's
// block-diagonal mask, memory linear in N (real images reach N = 65536 patches).
package org.anatomyr1.model.vision;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.anatomyr1.model.core.TensorOps;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

final class AttentionSegments {
  /** Segments of one length: patch indices of all of them, concatenated in order. */
  private record Group(int length, int count, Tensor indices) {}

  private final List<Group> groups = new ArrayList<>();

  AttentionSegments(int[] cu, Device device, boolean onCpu) {
    TreeMap<Integer, List<Integer>> byLength = new TreeMap<>();
    for (int j = 0; j + 1 < cu.length; j++) {
      int len = cu[j + 1] - cu[j];
      if (len > 0) byLength.computeIfAbsent(len, k -> new ArrayList<>()).add(cu[j]);
    }
    for (var e : byLength.entrySet()) {
      int len = e.getKey();
      List<Integer> starts = e.getValue();
      long[] idx = new long[len * starts.size()];
      int o = 0;
      for (int s : starts) for (int i = 0; i < len; i++) idx[o++] = s + i;
      Tensor t = HostTensors.longs(idx, idx.length);
      groups.add(new Group(len, starts.size(), onCpu ? t : t.to(device, ScalarType.Long)));
    }
  }

  /** q, k, v [heads, N, hd] -> attention output [heads, N, hd], each patch attending within its segment. */
  Tensor attend(Tensor q, Tensor k, Tensor v) {
    long heads = q.size(0);
    long hd = q.size(2);
    Tensor out = torch.empty_like(q);
    for (Group g : groups) {
      Tensor qg = gather(q, g, heads, hd);
      Tensor kg = gather(k, g, heads, hd);
      Tensor vg = gather(v, g, heads, hd);
      Tensor og = TensorOps.attention(qg, kg, vg, null, false); // [count, heads, L, hd], no mask
      out.index_copy_(1, g.indices, og.transpose(0, 1).reshape(heads, (long) g.count * g.length, hd));
    }
    return out;
  }

  /** [heads, N, hd] -> [count, heads, L, hd] for the group's segments. */
  private static Tensor gather(Tensor x, Group g, long heads, long hd) {
    return x.index_select(1, g.indices).view(heads, g.count, g.length, hd).transpose(0, 1);
  }
}
