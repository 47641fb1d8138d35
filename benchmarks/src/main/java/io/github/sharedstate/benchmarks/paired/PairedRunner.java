package io.github.sharedstate.benchmarks.paired;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * Runs a pair of workloads, the candidate and the baseline, in alternating time windows of one JVM
 * and reports the median of the per-round ratios candidate / baseline with a 95% interval.
 *
 * <p>Method: each window runs a new instance of its side on threads of its own ({@link
 * Workload#threads()}, started together at a barrier, counting operations in locals until a
 * volatile flag closes the window; see {@link #alternate} for why new ones every window).
 * A round runs the candidate for one window and the baseline for one window, the order swapped
 * every round (candidate first in even rounds), so that drift of the machine (frequency, another
 * process, the garbage collector) hits both sides alike and neither always runs second. Warm-up
 * rounds run first and are discarded. Each round gives one ratio ({@link RatioKind}: a cost ratio
 * of times per operation, or a throughput ratio), and the result is the median of those ratios with
 * its distribution-free interval ({@link MedianInterval}), each side's median score, and the
 * verdict on the pair's target ({@link Verdict}). A run measures {@link Profile#minRounds()}; while
 * the verdict is undecided it adds {@link Profile#checkEvery()} rounds at a time up to {@link
 * Profile#maxRounds()}. (Looking more than once makes a wrong verdict a little more likely than 5%;
 * the looks are few and fixed in advance.)
 *
 * <p>Modes, from the command line ({@code java -cp benchmarks.jar
 * io.github.sharedstate.benchmarks.paired.PairedRunner [options]}):
 *
 * <ul>
 *   <li>pairs: every pair of {@link Pairs} (or those named with {@code --pair}), each in JVMs of
 *       its own, so that one pair's profile of the library's code does not shape another's compiled
 *       code, and in {@link Profile#jvms()} of them one after another, combined by {@link
 *       PairedResult#ofJvms} ({@code --in-process} runs them all once in this JVM);
 *   <li>{@code --builds CANDIDATE BASELINE}: the candidate workload of each named pair against
 *       itself, run once on each of two builds of the library (a jar or classes directory each,
 *       several joined with the path separator), each build in a {@link BuildLoader} of its own:
 *       "did this change slow the fast path". {@code --target <=1.02} sets a target.
 * </ul>
 *
 * <p>Other options: {@code --smoke | --full | --profile NAME}, {@code --window-ms N}, {@code
 * --warmup N}, {@code --rounds MIN[-MAX]}, {@code --check-every N}, {@code --jvms N}, {@code --out
 * DIR} (writes {@code paired.md} there).
 */
public final class PairedRunner {
  /** The confidence level of every interval. */
  static final double LEVEL = 0.95;

  /**
   * JVM options that make the sink a compiler blackhole, as JMH makes it on JDK 17 and later
   * (its "compiler" blackhole mode): C2 keeps a consumed value alive at no cost instead of running
   * the Java sink's few instructions, so a result costs what it costs in a JMH row. Every forked
   * pair gets them; pass them by hand to a run in this JVM.
   */
  public static final List<String> COMPILER_BLACKHOLE =
      List.of(
          "-XX:+UnlockDiagnosticVMOptions",
          "-XX:+UnlockExperimentalVMOptions",
          "-DcompilerBlackholesEnabled=true",
          "-XX:CompileCommand=quiet",
          "-XX:CompileCommand=inline,org/openjdk/jmh/infra/Blackhole.consume",
          "-XX:CompileCommand=blackhole,org/openjdk/jmh/infra/Blackhole.consumeCompiler",
          "-XX:CompileCommand=dontinline,org/openjdk/jmh/infra/Blackhole.consumeFull");

  /**
   * The heap of every forked pair outside the smoke profile: the same fixed, pre-touched heap as
   * the report's JMH forks, for the same reason (a young generation that grows during the run
   * makes the allocating workloads pay page faults, several times their cost).
   */
  public static final List<String> FORK_HEAP = List.of("-XX:+AlwaysPreTouch", "-Xms1g", "-Xmx1g");

  /** The option of a forked run: in process, the result as a line for the parent, no table. */
  private static final String CHILD = "--child";

  private PairedRunner() {}

  /**
   * Runs one pair in this JVM, both sides created through this class's loader.
   *
   * @param pair the pair
   * @param profile windows and rounds
   * @param log where progress goes
   * @return the result, with the pair's target
   */
  public static PairedResult run(Pair pair, Profile profile, PrintStream log)
      throws InterruptedException {
    return alternate(
        pair.name(),
        pair.what(),
        pair.kind(),
        () -> create(pair.candidate()),
        () -> create(pair.baseline()),
        profile,
        Optional.of(pair.target()),
        pair.moreTargets(),
        log);
  }

  /**
   * Runs the candidate workload of {@code pair} on two builds of the library: the candidate side on
   * {@code candidateBuild}, the baseline side on {@code baselineBuild}, each build and its own copy
   * of the workload loaded by a {@link BuildLoader}.
   *
   * @param pair the pair whose candidate workload runs on both builds
   * @param candidateBuild the new build: jars or classes directories
   * @param baselineBuild the old build: jars or classes directories
   * @param target the target on new / old, if any
   * @return the result, named {@code pair@builds}
   */
  public static PairedResult compareBuilds(
      Pair pair,
      List<Path> candidateBuild,
      List<Path> baselineBuild,
      Profile profile,
      Optional<Target> target,
      PrintStream log)
      throws InterruptedException, IOException {
    URL workloads = BuildLoader.locationOf(pair.candidate());
    ClassLoader parent = PairedRunner.class.getClassLoader();
    try (BuildLoader candidate =
            new BuildLoader("candidate-build", candidateBuild, workloads, parent);
        BuildLoader baseline =
            new BuildLoader("baseline-build", baselineBuild, workloads, parent)) {
      String what =
          pair.candidate().getSimpleName()
              + ": build "
              + candidateBuild
              + " / build "
              + baselineBuild;
      return alternate(
          pair.name() + "@builds",
          what,
          pair.kind(),
          () -> candidate.workload(pair.candidate().getName()),
          () -> baseline.workload(pair.candidate().getName()),
          profile,
          target,
          List.of(),
          log);
    }
  }

  /** The alternation with one target or none: see the full form. */
  static PairedResult alternate(
      String name,
      String what,
      RatioKind kind,
      Supplier<Workload> candidate,
      Supplier<Workload> baseline,
      Profile profile,
      Optional<Target> target,
      PrintStream log)
      throws InterruptedException {
    return alternate(name, what, kind, candidate, baseline, profile, target, List.of(), log);
  }

  /**
   * The alternation itself: warm-up, then rounds until the profile says stop. After {@link
   * Profile#minRounds()} it stops at the first look where every target ({@code target} and {@code
   * moreTargets}) is decided, or at {@link Profile#maxRounds()}; without a target it stops at the
   * minimum.
   *
   * <p>Every window runs a new instance of its side on new threads. Kept for a whole run, one
   * instance's objects end up wherever the collector promotes them, and with G1 that decides a cost
   * of the workload for the rest of the JVM: storing a reference into an old object (a {@code
   * ReentrantLock} recording its owner thread) pays a StoreLoad fence in the write barrier when the
   * referenced object sits in another heap region, and nothing when the object stored into is
   * young or both share a region. That was about 4.5 ns of a 12 ns uncontended lock and unlock on
   * the machine measured, drawn independently for each side, so two JVMs of one pair disagreed by
   * 40% (and a side's instances within one JVM differed alike, while with the parallel collector
   * they did not). New objects every window are young while they run, for both sides alike. New
   * threads also draw again, every window, whether two threads of a side share a reader cell (by
   * the hash of their thread).
   *
   * @throws IllegalArgumentException if the two sides run on different numbers of threads
   */
  static PairedResult alternate(
      String name,
      String what,
      RatioKind kind,
      Supplier<Workload> candidate,
      Supplier<Workload> baseline,
      Profile profile,
      Optional<Target> target,
      List<Target> moreTargets,
      PrintStream log)
      throws InterruptedException {
    List<Target> targets = new ArrayList<>();
    target.ifPresent(targets::add);
    if (target.isPresent()) {
      targets.addAll(moreTargets);
    }
    int threads = candidate.get().threads();
    int baselineThreads = baseline.get().threads();
    if (threads != baselineThreads) {
      throw new IllegalArgumentException(
          name
              + ": the candidate runs on "
              + threads
              + " threads, the baseline on "
              + baselineThreads);
    }
    Duration window = profile.window();
    int max = profile.maxRounds();
    log.printf(
        Locale.ROOT,
        "%s: %s, %d thread(s) per side, %d warm-up and %d-%d rounds of 2 x %d ms%n",
        name,
        what,
        threads,
        profile.warmupRounds(),
        profile.minRounds(),
        max,
        window.toMillis());
    Side c = new Side("paired-candidate", candidate);
    Side b = new Side("paired-baseline", baseline);
    double[] candidateScores = new double[max];
    double[] baselineScores = new double[max];
    double[] ratios = new double[max];
    int rounds = 0;
    for (int i = 0; i < profile.warmupRounds(); i++) {
      round(i, c, b, window);
    }
    while (true) {
      double[] scores = round(rounds, c, b, window);
      candidateScores[rounds] = scores[0];
      baselineScores[rounds] = scores[1];
      ratios[rounds] = kind.ratio(scores[0], scores[1]);
      rounds++;
      if (rounds < profile.minRounds()) {
        continue;
      }
      if (rounds == max || target.isEmpty()) {
        break;
      }
      if ((rounds - profile.minRounds()) % profile.checkEvery() == 0) {
        MedianInterval sofar = MedianInterval.of(Arrays.copyOf(ratios, rounds), LEVEL);
        if (targets.stream().allMatch(t -> Verdict.of(sofar, t) != Verdict.UNDECIDED)) {
          break;
        }
        log.printf(
            Locale.ROOT,
            "%s: %d rounds, %.3f [%.3f, %.3f], undecided on one of %s: more%n",
            name,
            rounds,
            sofar.median(),
            sofar.low(),
            sofar.high(),
            targets);
      }
    }
    MedianInterval ratio = MedianInterval.of(Arrays.copyOf(ratios, rounds), LEVEL);
    return new PairedResult(
        name,
        what,
        kind,
        threads,
        rounds,
        medianScore(kind, candidateScores, rounds),
        medianScore(kind, baselineScores, rounds),
        ratio,
        target);
  }

  /** One round: both sides, the candidate first in even rounds. {@return their throughputs} */
  private static double[] round(int index, Side candidate, Side baseline, Duration window)
      throws InterruptedException {
    double c;
    double b;
    if (index % 2 == 0) {
      c = candidate.runWindow(window);
      b = baseline.runWindow(window);
    } else {
      b = baseline.runWindow(window);
      c = candidate.runWindow(window);
    }
    return new double[] {c, b};
  }

  /** One side of a pair: its threads' name and where each window's new instance comes from. */
  private record Side(String name, Supplier<Workload> workload) {
    /** Runs one window on a new instance of the side and new threads: see {@link #alternate}. */
    double runWindow(Duration window) throws InterruptedException {
      return Crew.runWindow(name, workload.get(), window);
    }
  }

  private static double medianScore(RatioKind kind, double[] opsPerMicro, int rounds) {
    double[] scores = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      scores[i] = kind.score(opsPerMicro[i]);
    }
    return new Median().evaluate(scores);
  }

  private static Workload create(Class<? extends Workload> type) {
    try {
      return type.getConstructor().newInstance();
    } catch (NoSuchMethodException
        | InstantiationException
        | IllegalAccessException
        | InvocationTargetException e) {
      throw new IllegalStateException("cannot create " + type.getName(), e);
    }
  }

  /**
   * Runs the pairs, each in a JVM of its own (this JVM's java and class path, {@link
   * #COMPILER_BLACKHOLE}, {@link #FORK_HEAP} unless the profile is the smoke one, and the given
   * JVM options), printing each child's progress to {@code log}.
   *
   * @param pairs the pairs
   * @param profile windows and rounds, passed on to every child
   * @param jvmOptions more options for the children
   * @return one result per pair, in order
   * @throws IllegalStateException if a child fails or prints no result
   */
  public static List<PairedResult> runForked(
      List<Pair> pairs, Profile profile, List<String> jvmOptions, PrintStream log)
      throws IOException, InterruptedException {
    List<PairedResult> results = new ArrayList<>();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (Pair pair : pairs) {
      List<PairedResult> runs = new ArrayList<>();
      for (int jvm = 0; jvm < profile.jvms(); jvm++) {
        runs.add(runInChild(pair, profile, java, jvmOptions, log));
      }
      results.add(PairedResult.ofJvms(runs));
    }
    return results;
  }

  /** Runs {@code pair} once in a new JVM and reads its result back. */
  private static PairedResult runInChild(
      Pair pair, Profile profile, String java, List<String> jvmOptions, PrintStream log)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(COMPILER_BLACKHOLE);
    if (!profile.name().equals(Profile.SMOKE.name())) {
      command.addAll(FORK_HEAP);
    }
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            PairedRunner.class.getName(),
            CHILD,
            "--pair",
            pair.name()));
    command.addAll(profile.toArgs());
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    PairedResult result = null;
    try (var lines = child.inputReader()) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith(PairedResult.LINE_TAG + "\t")) {
          result = PairedResult.parse(line, pair.what());
        } else {
          log.println(line);
        }
      }
    }
    int exit = child.waitFor();
    if (exit != 0 || result == null) {
      throw new IllegalStateException(
          "the run of pair " + pair.name() + " failed (exit " + exit + "): " + command);
    }
    return result;
  }

  /**
   * Command line: see the class documentation.
   *
   * @param args options
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    Options options = Options.parse(args);
    PrintStream out = System.out;
    List<PairedResult> results = new ArrayList<>();
    if (!options.candidateBuild().isEmpty()) {
      for (Pair pair : options.pairs()) {
        results.add(
            compareBuilds(
                pair,
                options.candidateBuild(),
                options.baselineBuild(),
                options.profile(),
                options.target(),
                out));
      }
    } else if (options.child()) {
      for (Pair pair : options.pairs()) {
        out.println(run(pair, options.profile(), out).toLine());
      }
      return;
    } else if (options.inProcess()) {
      for (Pair pair : options.pairs()) {
        results.add(run(pair, options.profile(), out));
      }
    } else {
      results.addAll(runForked(options.pairs(), options.profile(), List.of(), out));
    }
    out.println();
    out.print(PairedTable.text(results));
    if (options.out().isPresent()) {
      Path dir = options.out().get();
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("paired.md"), PairedTable.markdown(results, options.profile()));
      out.println("Written to " + dir.resolve("paired.md").toAbsolutePath());
    }
  }

  /** The parsed command line. */
  record Options(
      List<Pair> pairs,
      Profile profile,
      boolean inProcess,
      boolean child,
      List<Path> candidateBuild,
      List<Path> baselineBuild,
      Optional<Target> target,
      Optional<Path> out) {

    static Options parse(String[] args) {
      List<Pair> pairs = new ArrayList<>();
      Profile profile = Profile.DEFAULT;
      Duration window = null;
      int[] rounds = null;
      int warmup = -1;
      int checkEvery = -1;
      int jvms = -1;
      boolean inProcess = false;
      boolean child = false;
      List<Path> candidateBuild = List.of();
      List<Path> baselineBuild = List.of();
      Optional<Target> target = Optional.empty();
      Optional<Path> out = Optional.empty();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--smoke", "--full", "--default" -> profile = Profile.named(arg.substring(2));
          case "--profile" -> profile = Profile.named(value(args, ++i, arg));
          case "--pair" -> pairs.add(Pairs.named(value(args, ++i, arg)));
          case "--window-ms" -> window = Duration.ofMillis(Long.parseLong(value(args, ++i, arg)));
          case "--warmup" -> warmup = Integer.parseInt(value(args, ++i, arg));
          case "--check-every" -> checkEvery = Integer.parseInt(value(args, ++i, arg));
          case "--jvms" -> jvms = Integer.parseInt(value(args, ++i, arg));
          case "--rounds" -> {
            String[] r = value(args, ++i, arg).split("-");
            int min = Integer.parseInt(r[0]);
            rounds = new int[] {min, r.length > 1 ? Integer.parseInt(r[1]) : min};
          }
          case "--in-process" -> inProcess = true;
          case CHILD -> child = true;
          case "--builds" -> {
            candidateBuild = paths(value(args, ++i, arg));
            baselineBuild = paths(value(args, ++i, arg));
          }
          case "--target" -> target = Optional.of(Target.parse(value(args, ++i, arg)));
          case "--out" -> out = Optional.of(Path.of(value(args, ++i, arg)));
          default ->
              throw new IllegalArgumentException(
                  "unknown option "
                      + arg
                      + "; options: --smoke|--full|--profile NAME, --pair NAME, --window-ms N,"
                      + " --warmup N, --rounds MIN[-MAX], --check-every N, --jvms N, --in-process,"
                      + " --builds CANDIDATE BASELINE, --target <=LIMIT|>=LIMIT, --out DIR");
        }
      }
      if (window != null) {
        profile = profile.withWindow(window);
      }
      if (rounds != null || warmup >= 0) {
        profile =
            profile.withRounds(
                warmup >= 0 ? warmup : profile.warmupRounds(),
                rounds != null ? rounds[0] : profile.minRounds(),
                rounds != null ? rounds[1] : profile.maxRounds());
      }
      if (checkEvery >= 1) {
        profile = profile.withCheckEvery(checkEvery);
      }
      if (jvms >= 1) {
        profile = profile.withJvms(jvms);
      }
      return new Options(
          pairs.isEmpty() ? Pairs.ALL : List.copyOf(pairs),
          profile,
          inProcess,
          child,
          candidateBuild,
          baselineBuild,
          target,
          out);
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }

    private static List<Path> paths(String joined) {
      return Arrays.stream(joined.split(java.io.File.pathSeparator)).map(Path::of).toList();
    }
  }
}
