package io.github.sharedstate.benchmarks.paired;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A class loader for one build of the library: its own copy of the library's classes, from the
 * build's jar or classes directory, and its own copy of the paired runner's workloads, linked
 * against that copy.
 *
 * <p>Isolation: the application class path may hold a library build too (the benchmark jar is
 * shaded with one), so delegating to the parent first would hand every build the same classes. This
 * loader is child-first for the library's packages ({@code io.github.sharedstate.*} outside {@code
 * benchmarks}) and for the workloads package: it defines those classes itself and never asks its
 * parent for them. Everything else (the JDK, JMH's {@code Blackhole}, and the harness types {@link
 * Workload} and {@link Window} through which the runner drives a workload) comes from the parent,
 * so the runner and every build share them. A library class must come from the build's own paths
 * and a workload class from the workloads' location: a class missing from the build is an error
 * rather than a silent fall-back to another build's copy.
 */
final class BuildLoader extends URLClassLoader {
  private static final String LIBRARY = "io.github.sharedstate.";
  private static final String HARNESS = "io.github.sharedstate.benchmarks.";
  private static final String WORKLOADS = "io.github.sharedstate.benchmarks.paired.workloads.";

  static {
    registerAsParallelCapable();
  }

  private final Set<String> libraryPaths;
  private final String workloadsPath;

  /** Finds class files in the build's own paths only, to check before defining. */
  private final URLClassLoader libraryOnly;

  /**
   * Creates the loader of one build.
   *
   * @param name the loader's name (it shows in class names of stack traces)
   * @param library the build: its jar or classes directory (and any jar it needs besides the JDK)
   * @param workloads where the workload classes are: the benchmark jar or classes directory
   * @param parent the loader of the runner, which holds the harness types
   * @throws IllegalArgumentException if a path of the build does not exist
   */
  BuildLoader(String name, List<Path> library, URL workloads, ClassLoader parent) {
    super(name, urls(library, workloads), parent);
    List<String> paths = new ArrayList<>();
    for (Path path : library) {
      paths.add(url(path).toExternalForm());
    }
    this.libraryPaths = Set.copyOf(paths);
    this.workloadsPath = workloads.toExternalForm();
    URL[] all = getURLs();
    this.libraryOnly = new URLClassLoader(Arrays.copyOf(all, all.length - 1), null);
  }

  /** {@return the location of {@code type}'s class file: a jar or a classes directory} */
  static URL locationOf(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null) {
      throw new IllegalStateException("no code source for " + type.getName());
    }
    return source.getLocation();
  }

  /**
   * {@return a new instance of the workload class of that name, as this build loads it}
   *
   * @throws IllegalStateException if the class cannot be loaded from this build or created
   */
  Workload workload(String className) {
    try {
      Class<?> type = loadClass(className);
      if (!Workload.class.isAssignableFrom(type)) {
        throw new IllegalStateException(className + " is not a " + Workload.class.getName());
      }
      return (Workload) type.getConstructor().newInstance();
    } catch (ClassNotFoundException
        | NoSuchMethodException
        | InstantiationException
        | IllegalAccessException
        | InvocationTargetException e) {
      throw new IllegalStateException("cannot create " + className + " in " + getName(), e);
    }
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!ownedHere(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> type = findLoadedClass(name);
      if (type == null) {
        if (!name.startsWith(WORKLOADS)
            && libraryOnly.getResource(name.replace('.', '/') + ".class") == null) {
          throw new ClassNotFoundException(
              name + " is not in " + getName() + "'s library " + libraryPaths);
        }
        type = findClass(name);
        String from = locationOf(type).toExternalForm();
        boolean right =
            name.startsWith(WORKLOADS) ? from.equals(workloadsPath) : libraryPaths.contains(from);
        if (!right) {
          throw new ClassNotFoundException(
              name
                  + " is not in "
                  + getName()
                  + "'s "
                  + (name.startsWith(WORKLOADS)
                      ? "workloads " + workloadsPath
                      : "library " + libraryPaths)
                  + " but in "
                  + from);
        }
      }
      if (resolve) {
        resolveClass(type);
      }
      return type;
    }
  }

  /** The library's classes and the workloads: defined by this loader, never by its parent. */
  private static boolean ownedHere(String name) {
    return name.startsWith(WORKLOADS) || (name.startsWith(LIBRARY) && !name.startsWith(HARNESS));
  }

  private static URL[] urls(List<Path> library, URL workloads) {
    if (library.isEmpty()) {
      throw new IllegalArgumentException("a build needs at least one jar or classes directory");
    }
    List<URL> urls = new ArrayList<>();
    for (Path path : library) {
      if (!Files.exists(path)) {
        throw new IllegalArgumentException("no such build: " + path);
      }
      urls.add(url(path));
    }
    urls.add(workloads);
    return urls.toArray(new URL[0]);
  }

  /** A directory's URL ends in a slash: that is how a URLClassLoader tells it from a jar. */
  private static URL url(Path path) {
    try {
      return path.toAbsolutePath().normalize().toUri().toURL();
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(new IOException("bad path " + path, e));
    }
  }

  @Override
  public void close() throws IOException {
    try {
      libraryOnly.close();
    } finally {
      super.close();
    }
  }

  @Override
  public String toString() {
    return getName() + " " + libraryPaths.stream().sorted().collect(Collectors.joining(", "));
  }
}
