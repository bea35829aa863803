// What a scheduler reports into metrics.jsonl each step (ARCHITECTURE.md: "S(q) of the bin").
package org.anatomyr1.curriculum;

/**
 * @param step        batches served so far
 * @param bin         current curriculum bin (-1 for schedulers without bins)
 * @param bins        number of bins (0 without)
 * @param sMin        lowest S(q) in the current bin / pool
 * @param sMax        highest S(q) in the current bin / pool
 * @param rollingMean mean reward over the curriculum window (NaN when empty or unused)
 */
public record SchedulerMetrics(long step, int bin, int bins, double sMin, double sMax, double rollingMean) {}
