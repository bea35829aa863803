// Finds raw memory access in compiled classes: any use of java.lang.foreign (FFM segments, arenas,
// layouts), LibTorch's Tensor.data_ptr(), JavaCPP's Pointer.address (method or field) and
// torch.from_blob (a tensor over memory given by address). Read from each class's constant pool.
package org.anatomyr1.packagemap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.MemberRefEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

final class RawMemoryScan {
  private RawMemoryScan() {}

  /** class name -> the raw-memory uses found in it (e.g. "org/bytedeco/pytorch/Tensor.data_ptr"). */
  static Map<String, Set<String>> scan(Path classesDir) {
    Map<String, Set<String>> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(classesDir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        ClassModel cm = ClassFile.of().parse(Files.readAllBytes(f));
        Set<String> uses = new TreeSet<>();
        for (PoolEntry e : cm.constantPool()) {
          if (e instanceof ClassEntry c && c.asInternalName().startsWith("java/lang/foreign/")) uses.add(c.asInternalName());
          if (e instanceof MemberRefEntry m && isRaw(m.owner().asInternalName(), m.name().stringValue())) {
            uses.add(m.owner().asInternalName() + "." + m.name().stringValue());
          }
        }
        if (!uses.isEmpty()) out.put(cm.thisClass().asInternalName().replace('/', '.'), uses);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read classes under " + classesDir, e);
    }
    return out;
  }

  private static boolean isRaw(String owner, String name) {
    return name.equals("data_ptr") || name.equals("from_blob")
        || (name.equals("address") && (owner.startsWith("org/bytedeco/javacpp/") || owner.startsWith("org/anatomyr1/")));
  }
}
