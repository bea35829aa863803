// Where and in which precision the model runs: compute dtype (fp32 here, bf16 for real
// checkpoints) and LibTorch device ("cpu", "cuda", "cuda:1").
package org.anatomyr1.model.core;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch.ScalarType;

public record ComputeSettings(ScalarType dtype, String device) {
  public ComputeSettings {
    if (!(dtype.value == ScalarType.Float.value || dtype.value == ScalarType.BFloat16.value
        || dtype.value == ScalarType.Half.value)) {
      throw new IllegalArgumentException("compute dtype must be float32, bfloat16 or float16, got " + dtype);
    }
    if (!device.equals("cpu") && !device.startsWith("cuda")) {
      throw new IllegalArgumentException("device must be 'cpu' or 'cuda[:N]', got '" + device + "'");
    }
  }

  public static ComputeSettings cpuFloat32() {
    return new ComputeSettings(ScalarType.Float, "cpu");
  }

  /** Parses "fp32" / "bf16" / "fp16". */
  public static ScalarType parseDtype(String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "fp32", "float32", "float" -> ScalarType.Float;
      case "bf16", "bfloat16" -> ScalarType.BFloat16;
      case "fp16", "float16", "half" -> ScalarType.Half;
      default -> throw new IllegalArgumentException("unknown dtype '" + name + "' (valid: fp32, bf16, fp16)");
    };
  }

  public Device torchDevice() {
    return new Device(device);
  }

  public boolean isCpu() {
    return device.equals("cpu");
  }
}
