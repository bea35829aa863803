// Surgical instruments of the synthetic scenes (CholecT45's tool classes), drawn as grey shafts.
package org.anatomyr1.data.synth;

public enum Instrument {
  GRASPER("grasper"),
  HOOK("hook"),
  SCISSORS("scissors"),
  CLIPPER("clipper"),
  IRRIGATOR("irrigator"),
  BIPOLAR("bipolar");

  private final String mention;

  Instrument(String mention) {
    this.mention = mention;
  }

  public String mention() {
    return mention;
  }
}
