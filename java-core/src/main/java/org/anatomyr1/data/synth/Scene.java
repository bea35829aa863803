// A synthetic scene graph: square frame size and its objects in drawing order (later objects
// occlude earlier ones); relations are derived from the geometry (SceneRelations).
package org.anatomyr1.data.synth;

import java.util.List;

public record Scene(int index, int size, List<SceneObject> objects) {
  public Scene {
    objects = List.copyOf(objects);
  }

  public List<SceneObject> anatomies() {
    return objects.stream().filter(SceneObject::isAnatomy).toList();
  }
}
