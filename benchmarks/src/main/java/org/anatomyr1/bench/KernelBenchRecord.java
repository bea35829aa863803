// One row of target/bench/kernels.json: a kernel at one shape against its LibTorch baseline.
package org.anatomyr1.bench;

import com.fasterxml.jackson.annotation.JsonProperty;

public record KernelBenchRecord(
    @JsonProperty("kernel") String kernel,
    @JsonProperty("backend") String backend,
    @JsonProperty("dtype") String dtype,
    @JsonProperty("n") int n,
    @JsonProperty("v") int v,
    @JsonProperty("threads") int threads,
    @JsonProperty("ms") double ms,
    @JsonProperty("ms_error") double msError,
    @JsonProperty("ns_per_element") double nsPerElement,
    @JsonProperty("effective_gb_per_s") double effectiveGbPerS,
    @JsonProperty("baseline") String baseline,
    @JsonProperty("baseline_ms") double baselineMs,
    @JsonProperty("baseline_ns_per_element") double baselineNsPerElement,
    @JsonProperty("baseline_effective_gb_per_s") double baselineEffectiveGbPerS,
    @JsonProperty("speedup") double speedup,
    @JsonProperty("peak_extra_bytes") long peakExtraBytes,
    @JsonProperty("baseline_peak_extra_bytes") long baselinePeakExtraBytes,
    @JsonProperty("bytes_moved") long bytesMoved) {}
