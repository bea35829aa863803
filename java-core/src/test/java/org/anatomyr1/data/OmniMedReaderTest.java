package org.anatomyr1.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OmniMedReaderTest {
  @TempDir Path dir;

  static final String DATA = """
      [
       {"question_id": "Covid CT_0001", "question_type": "Anatomy Identification",
        "question": "What anatomical area is shown in this picture?", "gt_answer": "Chest region.",
        "image_path": "Images/Covid CT/a.png", "option_A": "Upper arm region", "option_B": "Chest region.",
        "option_C": "Leg region", "option_D": "Shoulder and upper back region",
        "modality_type": "CT(Computed Tomography)", "dataset": "Covid CT"},
       {"question_id": "M_0002", "question_type": "Disease Diagnosis", "question": "Is this normal?",
        "gt_answer": "yes", "image_path": "Images/M/b.png", "option_A": "Yes", "option_B": "No",
        "modality_type": "Microscopy Images"},
       {"question_id": "M_0003", "question_type": "Anatomy Identification", "question": "Which tissue?",
        "gt_answer": "bone", "image_path": "Images/M/c.png", "option_A": "Liver", "option_B": "Kidney",
        "modality_type": "Microscopy Images"},
       {"question_id": "O_0004", "question_type": "Anatomy Identification", "question": "Which layer?",
        "gt_answer": "Retina", "image_path": "Images/O/d.png", "option_A": "Retina", "option_B": "Cornea",
        "modality": "OCT (Optical Coherence Tomography"}
      ]""";

  @Test
  void readsTwoToFourOptionsAndMatchesAnswersLeniently() throws IOException {
    Path f = dir.resolve("qa.json");
    Files.writeString(f, DATA);
    ReadResult r = new OmniMedReader(null, null).read(f);
    assertEquals(4, r.records());
    assertEquals(List.of("Covid CT_0001", "M_0002", "O_0004"), r.samples().stream().map(VqaSample::id).toList());
    assertEquals(1, r.samples().get(0).answerIndex(), "trailing period ignored");
    assertEquals(2, r.samples().get(1).options().size());
    assertEquals(0, r.samples().get(1).answerIndex(), "case ignored");
    assertEquals("Anatomy Identification", r.samples().get(0).category());
    CanonicalJsonlTest.assertHas(r, 2, "gt_answer", "matches no option");
  }

  @Test
  void duplicateOptionsAreReportedAsSuch() throws IOException {
    Path f = dir.resolve("dup.json");
    Files.writeString(f, """
        [{"question_id": "D_1", "question": "Which organ?", "gt_answer": "Liver", "image_path": "a.png",
          "option_A": "Liver", "option_B": "Kidney", "option_C": "liver", "question_type": "Anatomy Identification"}]""");
    ReadResult r = new OmniMedReader(null, null).read(f);
    assertEquals(0, r.samples().size());
    CanonicalJsonlTest.assertHas(r, 0, "options", "duplicate option 'Liver' (options A and C are the same");
  }

  @Test
  void filtersByModalityAndQuestionType() throws IOException {
    Path f = dir.resolve("qa.json");
    Files.writeString(f, DATA);
    ReadResult micro = new OmniMedReader("Microscopy Images", null).read(f);
    assertEquals(2, micro.records());
    assertEquals(1, micro.samples().size());
    ReadResult anat = new OmniMedReader("microscopy", "Anatomy Identification").read(f);
    assertEquals(1, anat.records());
    assertEquals(0, anat.samples().size());
    ReadResult oct = new OmniMedReader("OCT (Optical Coherence Tomography)", null).read(f);
    assertEquals(List.of("O_0004"), oct.samples().stream().map(VqaSample::id).toList(), "'modality' key quirk");
    assertEquals(DatasetFormat.OMNIMED, FormatDetector.detect(f));
  }
}
