package dev.ballista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ballista.scheduler.Scheduler;
import dev.ballista.scheduler.SchedulerConfig;
import dev.ballista.tpch.TpchDataGenerator;
import dev.ballista.tpch.TpchSchema;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The deployment files (Dockerfile, docker-compose.yml, deploy/k8s) checked without Docker or Kubernetes: every
 * ballista command line in them parses with the real picocli commands (a renamed or removed flag fails here),
 * the hosts and ports they name are services and ports declared beside them, and the image's entrypoint is the
 * launcher with what it needs next to it.
 */
class DeploymentFilesTest {
  private static final Path ROOT = repoRoot();
  private static final String IMAGE = "ballista:local";
  private static final Pattern K8S_VAR = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
  /** What the Kubernetes downward API would put in the variables the manifests take from it. */
  private static final Map<String, String> FIELD_VALUES =
      Map.of("status.podIP", "10.1.2.3", "metadata.name", "ballista-executor-5d9c-x7k2p");

  // ---------------------------------------------------------------------------------------------- commands

  /** The command object picocli fills from {@code args}, as {@code ballista args...} would; nothing runs. */
  private static Object parse(List<String> args) {
    ParseResult result = new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
    while (result.hasSubcommand()) {
      result = result.subcommand();
    }
    return result.commandSpec().userObject();
  }

  @Test
  void parserRejectsAMisspelledFlag() {
    // The checks below rely on this: an unknown flag is an error, not ignored.
    assertThrows(CommandLine.ParameterException.class,
        () -> parse(List.of("executor", "--schedulers", "scheduler-1:50050")));
    assertTrue(parse(List.of("executor", "--scheduler", "scheduler-1:50050")) instanceof ExecutorCommand);
  }

  // ---------------------------------------------------------------------------------------------- Dockerfile

  @Test
  void dockerfileEntrypointIsTheLauncherWithItsJarAndScriptBesideIt() throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve("Dockerfile"));
    List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertEquals(2, froms.size(), "a build stage and a runtime stage");
    assertTrue(froms.get(0).matches("FROM eclipse-temurin:21-jdk\\S* AS build"), froms.get(0));
    assertTrue(froms.get(1).matches("FROM eclipse-temurin:21-jre\\S*"), froms.get(1));
    String buildDir = lines.stream().filter(l -> l.startsWith("WORKDIR ")).findFirst().orElseThrow().substring(8);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("RUN ") && l.contains("./mvnw -B -DskipTests -pl cli -am package")));

    // COPY --from=build SRC DEST in the runtime stage, as repo-relative source -> image path.
    Map<String, String> copied = new LinkedHashMap<>();
    for (String line : lines.subList(lines.indexOf(froms.get(1)), lines.size())) {
      String[] parts = line.split("\\s+");
      if (parts[0].equals("COPY")) {
        assertEquals("--from=build", parts[1], line);
        assertTrue(parts[2].startsWith(buildDir + "/"), line);
        copied.put(parts[2].substring(buildDir.length() + 1), parts[3]);
      }
    }
    String entrypointLine = lines.stream().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
    List<?> entrypoint = new Yaml().load(entrypointLine.substring("ENTRYPOINT ".length()));
    assertEquals(1, entrypoint.size(), entrypointLine);
    String launcherInImage = (String) entrypoint.get(0);
    String launcher = copied.entrySet().stream().filter(e -> e.getValue().equals(launcherInImage))
        .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("entrypoint not copied: " + launcherInImage));
    assertEquals("ballista", launcher);
    assertTrue(Files.isExecutable(ROOT.resolve(launcher)));

    // Whatever the launcher loads from its own directory ($ROOT/...) sits at the same place beside it in the image.
    String launcherText = Files.readString(ROOT.resolve(launcher));
    Matcher m = Pattern.compile("\\$ROOT/([A-Za-z0-9_./-]+)").matcher(launcherText);
    Set<String> needed = new TreeSet<>();
    while (m.find()) {
      needed.add(m.group(1));
    }
    assertEquals(Set.of("bin/java-env.sh", "cli/target/ballista.jar"), needed);
    String imageRoot = launcherInImage.substring(0, launcherInImage.lastIndexOf('/') + 1);
    for (String path : needed) {
      assertEquals(imageRoot + path, copied.get(path), "the image lacks " + path + " beside the launcher");
    }
    // ... and the build stage makes that jar: the shade plugin's output.
    assertTrue(Files.readString(ROOT.resolve("cli/pom.xml"))
        .contains("<outputFile>${project.build.directory}/ballista.jar</outputFile>"));
    assertTrue(Files.exists(ROOT.resolve("bin/java-env.sh")));
  }

  @Test
  void dockerignoreKeepsWhatTheBuildNeeds() throws IOException {
    List<String> patterns = Files.readAllLines(ROOT.resolve(".dockerignore")).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    assertTrue(patterns.stream().noneMatch(p -> p.startsWith("!")), "negations are not modelled here");
    List<PathMatcher> matchers = new ArrayList<>();
    for (String p : patterns) {
      // Docker's ** also matches no directory at all, and an excluded directory excludes what is under it.
      matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + p));
      if (p.startsWith("**/")) {
        matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + p.substring(3)));
      }
    }
    List<Path> needed = new ArrayList<>(List.of(Path.of("mvnw"), Path.of(".mvn/wrapper/maven-wrapper.properties"),
        Path.of("ballista"), Path.of("bin/java-env.sh")));
    try (Stream<Path> files = Files.walk(ROOT)) {
      files.filter(f -> !f.toString().contains("/target/") && !f.startsWith(ROOT.resolve(".git")))
          .filter(f -> f.getFileName().toString().equals("pom.xml") || f.toString().contains("/src/main/"))
          .filter(Files::isRegularFile)
          .forEach(f -> needed.add(ROOT.relativize(f)));
    }
    assertTrue(needed.size() > 50, "found the sources: " + needed.size());
    for (Path file : needed) {
      for (Path p = file; p != null; p = p.getParent()) {
        for (PathMatcher matcher : matchers) {
          assertFalse(matcher.matches(p), ".dockerignore excludes " + file + " (through " + p + ")");
        }
      }
    }
    for (String bulky : List.of("target", "cli/target", "data", ".git")) {
      assertTrue(matchers.stream().anyMatch(mt -> mt.matches(Path.of(bulky))), bulky + " is sent to the build");
    }
  }

  /**
   * The runtime image has a JRE only: the launcher must run the jar with a java that has no javac next to it
   * when there is nothing to build (no sources beside the jar). A fake JRE in JAVA_HOME records what it runs.
   */
  @Test
  void launcherRunsTheJarOnAJre(@TempDir Path tmp) throws Exception {
    Path app = installLauncher(tmp);
    Path jre = fakeJava(tmp, """
        #!/bin/sh
        case "$*" in *-XshowSettings:properties*) echo '    java.specification.version = 21' >&2; exit 0;; esac
        echo "fake-jre $*"
        """);

    ProcessBuilder pb = new ProcessBuilder("bash", app.resolve("ballista").toString(), "executor", "--help")
        .redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.toString(), "JAVA_HOME", jre.toString()));
    Process process = pb.start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), out);
    assertTrue(out.startsWith("fake-jre ") && out.strip().endsWith(
        "-jar " + app.resolve("cli/target/ballista.jar") + " executor --help"), out);
  }

  /**
   * On a JDK 25 the launcher records the ahead-of-time cache once per jar with a training run, for a server command,
   * and passes it to every command; a jar newer than the cache is run without it until a server command records
   * it again, and a failed recording is not retried for the same jar. A fake JDK records its calls.
   */
  @Test
  void launcherRecordsAndUsesTheAotCacheOnJdk25(@TempDir Path tmp) throws Exception {
    Path app = installLauncher(tmp);
    Path jar = app.resolve("cli/target/ballista.jar");
    Path cache = app.resolve("cli/target/ballista.aot");
    Path trainings = tmp.resolve("trainings");
    Path jre = fakeJava(tmp, """
        #!/bin/sh
        case "$*" in *-XshowSettings:properties*) echo '    java.specification.version = 25' >&2; exit 0;; esac
        for a in "$@"; do
          case "$a" in -XX:AOTCacheOutput=*)
            echo "$*" >> "$TRAININGS"
            [ -n "$FAIL_TRAINING" ] && exit 1
            echo cache > "${a#-XX:AOTCacheOutput=}"; exit 0;;
          esac
        done
        echo "fake-jre $*"
        """);
    Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.toString(), "JAVA_HOME", jre.toString(),
        "TRAININGS", trainings.toString());

    String out = launch(app, env, "standalone", "--port", "1");
    assertTrue(out.contains("Recording the JVM's ahead-of-time cache"), out);
    List<String> recorded = Files.readAllLines(trainings);
    assertEquals(1, recorded.size());
    assertTrue(recorded.get(0).contains("-jar " + jar + " aot-training --data "), recorded.get(0));
    assertTrue(Files.exists(cache));
    assertTrue(lastLine(out).endsWith("-XX:AOTCache=" + cache + " -jar " + jar + " standalone --port 1"), out);

    // Recorded once: a client command uses it and records nothing.
    out = launch(app, env, "sql", "-e", "select 1");
    assertTrue(lastLine(out).contains("-XX:AOTCache=" + cache), out);
    assertEquals(1, Files.readAllLines(trainings).size());

    // A newer jar: no stale cache; --help records nothing; a server command records it again.
    Files.setLastModifiedTime(cache, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 30_000));
    out = launch(app, env, "executor", "--help");
    assertFalse(out.contains("AOTCache"), out);
    assertEquals(1, Files.readAllLines(trainings).size());
    // BALLISTA_AOT=off: neither recorded nor used.
    Map<String, String> off = new HashMap<>(env);
    off.put("BALLISTA_AOT", "off");
    out = launch(app, off, "executor");
    assertFalse(out.contains("AOTCache"), out);
    assertEquals(1, Files.readAllLines(trainings).size());

    // A failed recording: the server starts without the cache and the next start does not try again.
    Map<String, String> failing = new HashMap<>(env);
    failing.put("FAIL_TRAINING", "1");
    out = launch(app, failing, "executor");
    assertTrue(out.contains("warning: recording the AOT cache failed"), out);
    assertFalse(lastLine(out).contains("AOTCache"), out);
    assertEquals(2, Files.readAllLines(trainings).size());
    out = launch(app, failing, "executor");
    assertFalse(out.contains("AOTCache"), out);
    assertEquals(2, Files.readAllLines(trainings).size());
  }

  /** The launcher laid out as in the image (bin/java-env.sh beside it), with a jar that is not built here. */
  private static Path installLauncher(Path tmp) throws IOException {
    Path app = tmp.resolve("opt/ballista");
    Files.createDirectories(app.resolve("bin"));
    Files.createDirectories(app.resolve("cli/target"));
    Files.copy(ROOT.resolve("ballista"), app.resolve("ballista"));
    Files.copy(ROOT.resolve("bin/java-env.sh"), app.resolve("bin/java-env.sh"));
    Files.writeString(app.resolve("cli/target/ballista.jar"), "not built here");
    return app;
  }

  /** A JAVA_HOME whose bin/java is {@code script}. */
  private static Path fakeJava(Path tmp, String script) throws IOException {
    Path jre = tmp.resolve("jre");
    Files.createDirectories(jre.resolve("bin"));
    Path java = jre.resolve("bin/java");
    Files.writeString(java, script);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return jre;
  }

  private static String launch(Path app, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", app.resolve("ballista").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process process = pb.start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), out);
    return out;
  }

  private static String lastLine(String out) {
    String[] lines = out.strip().split("\n");
    return lines[lines.length - 1];
  }

  // ---------------------------------------------------------------------------------------------- compose

  @Test
  @SuppressWarnings("unchecked")
  void composeCommandsParseAndPointAtDeclaredServices() throws IOException {
    Map<String, Object> compose = loadYaml(ROOT.resolve("docker-compose.yml")).get(0);
    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
    Map<String, Object> commands = new LinkedHashMap<>();
    for (var e : services.entrySet()) {
      Map<String, Object> service = e.getValue();
      if (IMAGE.equals(service.get("image"))) {
        assertEquals(".", service.get("build"), e.getKey());
        assertTrue(Files.exists(ROOT.resolve("Dockerfile")));
        List<String> args = (List<String>) service.get("command");
        assertNotNull(args, e.getKey() + " has an exec-form command");
        args.forEach(a -> assertFalse(a.contains("$"), "compose would interpolate " + a));
        commands.put(e.getKey(), parse(args));
      }
    }
    Map<String, SchedulerCommand> schedulers = ofType(commands, SchedulerCommand.class);
    Map<String, ExecutorCommand> executors = ofType(commands, ExecutorCommand.class);
    Map<String, GatewayCommand> gateways = ofType(commands, GatewayCommand.class);
    Map<String, TpchCommand.Gen> generators = ofType(commands, TpchCommand.Gen.class);
    assertEquals(2, schedulers.size());
    assertEquals(3, executors.size());
    assertEquals(1, gateways.size());
    assertEquals(1, generators.size());
    assertEquals(commands.size(), schedulers.size() + executors.size() + gateways.size() + generators.size());

    // etcd: the client port it listens on, under its service name.
    Map<String, Integer> etcdPorts = new LinkedHashMap<>();
    for (var e : services.entrySet()) {
      List<String> command = (List<String>) e.getValue().get("command");
      if (command != null && command.get(0).equals("etcd")) {
        URI listen = URI.create(flagValue(command, "--listen-client-urls"));
        assertEquals("0.0.0.0", listen.getHost());
        assertEquals(URI.create("http://" + e.getKey() + ":" + listen.getPort()),
            URI.create(flagValue(command, "--advertise-client-urls")));
        etcdPorts.put(e.getKey(), listen.getPort());
        assertNotNull(e.getValue().get("healthcheck"), "schedulers wait for etcd to be healthy");
      }
    }
    assertEquals(1, etcdPorts.size());

    String tablesDir = null;
    Set<String> schedulerAddresses = new HashSet<>();
    for (var e : schedulers.entrySet()) {
      SchedulerCommand s = e.getValue();
      assertEquals("0.0.0.0", s.bind, e.getKey());
      assertEquals("etcd", s.state);
      for (String endpoint : s.etcdEndpoints.split(",")) {
        URI uri = URI.create(endpoint);
        assertEquals(etcdPorts.get(uri.getHost()), uri.getPort(), e.getKey() + " --etcd-endpoints " + endpoint);
      }
      assertEquals(e.getKey() + ":" + s.port, s.advertise);
      schedulerAddresses.add(s.advertise);
      assertTrue(((List<String>) services.get(e.getKey()).get("ports")).stream()
          .allMatch(p -> p.endsWith(":" + s.httpPort)), e.getKey() + " publishes its web UI port");
      assertNotNull(s.tables);
      tablesDir = tablesDir == null ? s.tables.toString() : tablesDir;
      assertEquals(tablesDir, s.tables.toString(), "every scheduler can lead, so each registers the tables");
      Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) services.get(e.getKey())
          .get("depends_on");
      assertEquals("service_healthy", dependsOn.get(etcdPorts.keySet().iterator().next()).get("condition"));
      assertEquals("service_completed_successfully",
          dependsOn.get(generators.keySet().iterator().next()).get("condition"));
    }

    // Executors and the gateway list every scheduler, and start after them.
    Map<String, String> schedulerLists = new LinkedHashMap<>();
    executors.forEach((name, x) -> schedulerLists.put(name, x.scheduler));
    gateways.forEach((name, g) -> schedulerLists.put(name, g.scheduler));
    for (var e : schedulerLists.entrySet()) {
      assertEquals(schedulerAddresses, Set.of(e.getValue().split(",")), e.getKey() + " --scheduler");
      assertEquals(new HashSet<>(schedulers.keySet()),
          new HashSet<>((List<String>) services.get(e.getKey()).get("depends_on")));
    }
    Set<String> ids = new HashSet<>();
    for (var e : executors.entrySet()) {
      ExecutorCommand x = e.getValue();
      assertEquals("0.0.0.0", x.bind);
      assertEquals(e.getKey(), x.advertise, "other executors reach " + e.getKey() + " by its service name");
      assertTrue(ids.add(x.id), "executor ids are distinct");
      assertTrue(x.memoryMiB > 0, e.getKey() + " sets Arrow's memory limit");
      javaOption(services.get(e.getKey()), "-XX:MaxDirectMemorySize=");
    }
    GatewayCommand gateway = gateways.values().iterator().next();
    String gatewayName = gateways.keySet().iterator().next();
    assertEquals("0.0.0.0", gateway.bind);
    assertTrue(gateway.proxy, "the host cannot resolve executor service names; results must go through the gateway");
    assertEquals(List.of(gateway.port + ":" + gateway.port), services.get(gatewayName).get("ports"));

    // The generator writes the directory the schedulers register, on the volume every reader mounts.
    TpchCommand.Gen gen = generators.values().iterator().next();
    String genName = generators.keySet().iterator().next();
    assertEquals(tablesDir, gen.out.toString());
    String volume = volumeHolding(services.get(genName), tablesDir, false);
    for (String reader : concat(schedulers.keySet(), executors.keySet())) {
      assertEquals(volume, volumeHolding(services.get(reader), tablesDir, true), reader + " sees the data");
    }
    assertTrue(((Map<String, Object>) compose.get("volumes")).containsKey(volume));
  }

  /** The named volume mounted over {@code path} (e.g. {@code tpch-data:/data:ro}), checking read-only-ness. */
  @SuppressWarnings("unchecked")
  private static String volumeHolding(Map<String, Object> service, String path, boolean readOnly) {
    for (String mount : (List<String>) service.getOrDefault("volumes", List.of())) {
      String[] parts = mount.split(":");
      if (path.equals(parts[1]) || path.startsWith(parts[1] + "/")) {
        assertEquals(readOnly, parts.length == 3 && parts[2].equals("ro"), mount);
        return parts[0];
      }
    }
    throw new AssertionError("no volume holds " + path + " in " + service);
  }

  // ---------------------------------------------------------------------------------------------- Kubernetes

  /** A container of a workload in deploy/k8s, with its arguments' $(VAR)s expanded as the kubelet does. */
  private record Container(String workload, Map<String, Object> pod, Map<String, Object> spec, List<String> args,
      Object command, Map<String, Object> podLabels) {}

  @Test
  @SuppressWarnings("unchecked")
  void kubernetesManifestsParseAndReferToDeclaredServices(@TempDir Path tmp) throws Exception {
    List<Map<String, Object>> docs = new ArrayList<>();
    try (Stream<Path> files = Files.list(ROOT.resolve("deploy/k8s"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        docs.addAll(loadYaml(file));
      }
    }
    Map<String, Map<String, Object>> byKindName = new LinkedHashMap<>();
    for (Map<String, Object> doc : docs) {
      Map<String, Object> meta = (Map<String, Object>) doc.get("metadata");
      assertFalse(meta.containsKey("namespace"), "manifests are namespace-free");
      assertNull(byKindName.put(doc.get("kind") + "/" + meta.get("name"), doc),
          "duplicate " + doc.get("kind") + "/" + meta.get("name"));
    }

    // Every ballista container's command line, parsed.
    List<Container> containers = new ArrayList<>();
    Map<Container, Object> commands = new LinkedHashMap<>();
    for (Map<String, Object> doc : byKindName.values()) {
      if (!Set.of("Deployment", "StatefulSet", "Job").contains(doc.get("kind"))) {
        continue;
      }
      String name = doc.get("kind") + "/" + ((Map<String, Object>) doc.get("metadata")).get("name");
      Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) doc.get("spec")).get("template");
      Map<String, Object> labels = (Map<String, Object>) ((Map<String, Object>) template.get("metadata")).get("labels");
      if (!doc.get("kind").equals("Job")) {
        assertEquals(labels, ((Map<String, Object>) ((Map<String, Object>) doc.get("spec")).get("selector"))
            .get("matchLabels"), name + " selects its own pods");
      }
      Map<String, Object> pod = (Map<String, Object>) template.get("spec");
      for (String key : List.of("initContainers", "containers")) {
        for (Map<String, Object> c : (List<Map<String, Object>>) pod.getOrDefault(key, List.of())) {
          List<String> args = expand(name, c, (List<Object>) c.getOrDefault("args", List.of()));
          Container container = new Container(name, pod, c, args, c.get("command"), labels);
          containers.add(container);
          Map<String, Object> resources = (Map<String, Object>) c.get("resources");
          assertNotNull(resources, name + " " + c.get("name") + " declares resources");
          assertTrue(((Map<String, Object>) resources.get("requests")).keySet().containsAll(Set.of("cpu", "memory")));
          assertTrue(((Map<String, Object>) resources.get("limits")).containsKey("memory"));
          if (IMAGE.equals(c.get("image")) && c.get("command") == null) {
            commands.put(container, parse(args));
          }
        }
      }
    }
    Container scheduler = only(commands, SchedulerCommand.class);
    Container executor = only(commands, ExecutorCommand.class);
    Container gateway = only(commands, GatewayCommand.class);
    Container generator = only(commands, TpchCommand.Gen.class);
    assertEquals(4, commands.size());
    SchedulerCommand s = (SchedulerCommand) commands.get(scheduler);
    ExecutorCommand x = (ExecutorCommand) commands.get(executor);
    GatewayCommand g = (GatewayCommand) commands.get(gateway);
    TpchCommand.Gen gen = (TpchCommand.Gen) commands.get(generator);

    // Scheduler: two replicas sharing etcd, advertising their pod IP, ready when leading.
    assertEquals(2, spec(byKindName.get(scheduler.workload)).get("replicas"));
    assertEquals("etcd", s.state);
    assertEquals("0.0.0.0", s.bind);
    assertEquals(FIELD_VALUES.get("status.podIP") + ":" + s.port, s.advertise);
    assertEquals(s.port, containerPort(scheduler, "grpc"));
    assertEquals(s.httpPort, containerPort(scheduler, "http"));
    Map<String, Object> readiness = (Map<String, Object>) scheduler.spec.get("readinessProbe");
    Map<String, Object> httpGet = (Map<String, Object>) readiness.get("httpGet");
    assertEquals(s.httpPort, containerPort(scheduler, httpGet.get("port")));
    assertEquals(200, statusOfSchedulerPath((String) httpGet.get("path")), "the readiness path answers a leader");

    // etcd: the scheduler's endpoints are a Service in front of the etcd pods' client port.
    Container etcd = containers.stream().filter(c -> c.spec.get("name").equals("etcd")).findFirst().orElseThrow();
    List<String> etcdCommand = expand(etcd.workload, etcd.spec, (List<Object>) etcd.command);
    int etcdClientPort = URI.create(flagValue(etcdCommand, "--listen-client-urls")).getPort();
    for (String endpoint : s.etcdEndpoints.split(",")) {
      URI uri = URI.create(endpoint);
      assertEquals(etcdClientPort, servicePortTarget(byKindName, uri.getHost(), uri.getPort(), etcd),
          "--etcd-endpoints " + endpoint);
    }
    int etcdReplicas = (int) spec(byKindName.get(etcd.workload)).get("replicas");
    String initialCluster = flagValue(etcdCommand, "--initial-cluster");
    assertEquals(etcdReplicas, initialCluster.split(",").length);
    String peerService = (String) spec(byKindName.get(etcd.workload)).get("serviceName");
    assertTrue(byKindName.containsKey("Service/" + peerService));
    String statefulSet = etcd.workload.substring("StatefulSet/".length());
    for (int i = 0; i < etcdReplicas; i++) {
      String member = statefulSet + "-" + i;
      assertTrue(initialCluster.contains(member + "=http://" + member + "." + peerService + ":"), initialCluster);
    }

    // Executors and the gateway reach the scheduler through its Service, on the scheduler's gRPC port.
    for (String address : concat(List.of(x.scheduler.split(",")), List.of(g.scheduler.split(",")))) {
      String[] hostPort = address.split(":");
      assertEquals(s.port, servicePortTarget(byKindName, hostPort[0], Integer.parseInt(hostPort[1]), scheduler),
          address);
    }
    assertEquals("0.0.0.0", x.bind);
    assertEquals(FIELD_VALUES.get("status.podIP"), x.advertise, "executors advertise their pod IP");
    assertEquals(FIELD_VALUES.get("metadata.name"), x.id);
    assertEquals(x.port, containerPort(executor, "flight"));
    probesUse(executor, x.port);
    assertTrue(x.memoryMiB > 0);
    memoryFits(executor, x.memoryMiB);

    assertEquals("0.0.0.0", g.bind);
    assertTrue(g.proxy, "clients outside the cluster cannot reach executor pod IPs");
    assertEquals(g.port, servicePortTarget(byKindName, "ballista-gateway", g.port, gateway));
    probesUse(gateway, g.port);

    // Data: the Job writes the directory the scheduler registers, on the claim every reader mounts there.
    assertEquals(s.tables.toString(), gen.out.toString());
    String claim = claimHolding(generator, gen.out.toString(), false);
    assertTrue(byKindName.containsKey("PersistentVolumeClaim/" + claim));
    assertEquals(claim, claimHolding(scheduler, s.tables.toString(), true));
    assertEquals(claim, claimHolding(executor, s.tables.toString(), true));

    // The scheduler's init container waits for the generator's completion marker of every table.
    Container wait = containers.stream().filter(c -> c.workload.equals(scheduler.workload) && c != scheduler)
        .findFirst().orElseThrow();
    assertEquals(claim, claimHolding(wait, s.tables.toString(), true));
    String script = String.join("\n", wait.args);
    Matcher loop = Pattern.compile("for t in ([a-z ]+);").matcher(script);
    assertTrue(loop.find(), script);
    assertEquals(new TreeSet<>(TpchSchema.TABLES), new TreeSet<>(List.of(loop.group(1).split(" "))));
    Matcher marker = Pattern.compile("\\[ -f \"" + Pattern.quote(s.tables.toString()) + "/\\$t/(\\w+)\" ]")
        .matcher(script);
    assertTrue(marker.find(), script);
    Path data = tmp.resolve("tpch");
    TpchDataGenerator.builder(data, 0.001).build().generate();
    for (String table : TpchSchema.TABLES) {
      assertTrue(Files.exists(data.resolve(table).resolve(marker.group(1))), "the generator marks " + table
          + " with " + marker.group(1));
    }

    // Every Service selects the pods of some workload.
    for (Map<String, Object> doc : byKindName.values()) {
      if (doc.get("kind").equals("Service")) {
        Map<String, Object> selector = (Map<String, Object>) spec(doc).get("selector");
        assertTrue(containers.stream().anyMatch(c -> c.podLabels.entrySet().containsAll(selector.entrySet())),
            "Service " + ((Map<String, Object>) doc.get("metadata")).get("name") + " selects no pods");
      }
    }
  }

  /** The args with $(VAR) replaced from the container's env, failing on a variable the container lacks. */
  @SuppressWarnings("unchecked")
  private static List<String> expand(String workload, Map<String, Object> container, List<Object> args) {
    if (args == null) {
      return List.of();
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (Map<String, Object> e : (List<Map<String, Object>>) container.getOrDefault("env", List.of())) {
      if (e.containsKey("value")) {
        env.put((String) e.get("name"), (String) e.get("value"));
      } else {
        Map<String, Object> fieldRef = (Map<String, Object>) ((Map<String, Object>) e.get("valueFrom")).get("fieldRef");
        String value = FIELD_VALUES.get((String) fieldRef.get("fieldPath"));
        assertNotNull(value, "unexpected downward API field " + fieldRef);
        env.put((String) e.get("name"), value);
      }
    }
    List<String> out = new ArrayList<>();
    for (Object arg : args) {
      assertTrue(arg instanceof String, workload + ": quote " + arg + " so it stays a string");
      Matcher m = K8S_VAR.matcher((String) arg);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String value = env.get(m.group(1));
        assertNotNull(value, workload + " uses $(" + m.group(1) + ") but declares no such env variable");
        m.appendReplacement(sb, Matcher.quoteReplacement(value));
      }
      m.appendTail(sb);
      out.add(sb.toString());
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(Map<String, Object> doc) {
    return (Map<String, Object>) doc.get("spec");
  }

  /** The container port a probe or Service names (by name or number). */
  @SuppressWarnings("unchecked")
  private static int containerPort(Container c, Object port) {
    for (Map<String, Object> p : (List<Map<String, Object>>) c.spec.getOrDefault("ports", List.of())) {
      if (port.equals(p.get("name")) || port.equals(p.get("containerPort"))) {
        return (int) p.get("containerPort");
      }
    }
    throw new AssertionError(c.workload + " declares no container port " + port);
  }

  /** The container port that {@code service:port} forwards to, checking the Service selects {@code target}. */
  @SuppressWarnings("unchecked")
  private static int servicePortTarget(Map<String, Map<String, Object>> byKindName, String service, int port,
      Container target) {
    Map<String, Object> doc = byKindName.get("Service/" + service);
    assertNotNull(doc, "no Service " + service);
    Map<String, Object> selector = (Map<String, Object>) spec(doc).get("selector");
    assertTrue(target.podLabels.entrySet().containsAll(selector.entrySet()),
        "Service " + service + " does not select " + target.workload);
    for (Map<String, Object> p : (List<Map<String, Object>>) spec(doc).get("ports")) {
      if ((int) p.get("port") == port) {
        return containerPort(target, p.getOrDefault("targetPort", port));
      }
    }
    throw new AssertionError("Service " + service + " has no port " + port);
  }

  @SuppressWarnings("unchecked")
  private static void probesUse(Container c, int port) {
    for (String probe : List.of("readinessProbe", "livenessProbe")) {
      Map<String, Object> p = (Map<String, Object>) c.spec.get(probe);
      assertNotNull(p, c.workload + " has a " + probe);
      Map<String, Object> tcp = (Map<String, Object>) p.get("tcpSocket");
      assertEquals(port, containerPort(c, tcp.get("port")), c.workload + " " + probe);
    }
  }

  /**
   * Heap, Arrow's buffers (malloc through Arrow's unsafe allocator, bounded by --memory), Netty's direct memory
   * and 512 MiB for the JVM itself fit in the container's memory limit.
   */
  @SuppressWarnings("unchecked")
  private static void memoryFits(Container c, long arrowMiB) {
    long heap = javaOption(c.spec, "-Xmx");
    long direct = javaOption(c.spec, "-XX:MaxDirectMemorySize=");
    String limit = (String) ((Map<String, Object>) ((Map<String, Object>) c.spec.get("resources")).get("limits"))
        .get("memory");
    assertTrue(limit.endsWith("Gi") || limit.endsWith("Mi"), limit);
    long limitMiB = Long.parseLong(limit.substring(0, limit.length() - 2)) * (limit.endsWith("Gi") ? 1024 : 1);
    assertTrue(heap + arrowMiB + direct + 512 <= limitMiB,
        c.workload + ": heap + --memory + direct + 512 MiB within " + limit);
  }

  /** A size in MiB from BALLISTA_JAVA_OPTS in a compose service's environment or a container's env. */
  @SuppressWarnings("unchecked")
  private static long javaOption(Map<String, Object> serviceOrContainer, String prefix) {
    String opts = null;
    Object env = serviceOrContainer.containsKey("environment") ? serviceOrContainer.get("environment")
        : serviceOrContainer.get("env");
    if (env instanceof Map<?, ?> map) {
      opts = (String) map.get("BALLISTA_JAVA_OPTS");
    } else {
      for (Map<String, Object> e : (List<Map<String, Object>>) env) {
        if (e.get("name").equals("BALLISTA_JAVA_OPTS")) {
          opts = (String) e.get("value");
        }
      }
    }
    assertNotNull(opts, "BALLISTA_JAVA_OPTS");
    for (String opt : opts.split("\\s+")) {
      if (opt.startsWith(prefix)) {
        String size = opt.substring(prefix.length()).toLowerCase();
        long n = Long.parseLong(size.substring(0, size.length() - 1));
        return switch (size.charAt(size.length() - 1)) {
          case 'g' -> n * 1024;
          case 'm' -> n;
          default -> throw new AssertionError("size " + opt);
        };
      }
    }
    throw new AssertionError("no " + prefix + " in " + opts);
  }

  /** The claim mounted over {@code path} in the container, checking read-only-ness. */
  @SuppressWarnings("unchecked")
  private static String claimHolding(Container c, String path, boolean readOnly) {
    for (Map<String, Object> mount : (List<Map<String, Object>>) c.spec.getOrDefault("volumeMounts", List.of())) {
      String at = (String) mount.get("mountPath");
      if (path.equals(at) || path.startsWith(at + "/")) {
        assertEquals(readOnly, Boolean.TRUE.equals(mount.get("readOnly")), c.workload + " mount " + at);
        for (Map<String, Object> v : (List<Map<String, Object>>) c.pod.get("volumes")) {
          if (v.get("name").equals(mount.get("name"))) {
            Map<String, Object> pvc = (Map<String, Object>) v.get("persistentVolumeClaim");
            assertNotNull(pvc, c.workload + " volume " + v);
            return (String) pvc.get("claimName");
          }
        }
        fail(c.workload + " mounts undeclared volume " + mount.get("name"));
      }
    }
    throw new AssertionError(c.workload + " mounts nothing over " + path);
  }

  /** The status a real in-memory scheduler's HTTP server answers for {@code path}. */
  private static int statusOfSchedulerPath(String path) throws Exception {
    try (Scheduler scheduler = Scheduler.start(new SchedulerConfig("127.0.0.1", -1, 10_000, 4, 1024, 0))) {
      HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + scheduler.httpPort() + path)).build(), HttpResponse.BodyHandlers.discarding());
      return response.statusCode();
    }
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private static <T> Map<String, T> ofType(Map<String, Object> commands, Class<T> type) {
    Map<String, T> out = new LinkedHashMap<>();
    commands.forEach((name, command) -> {
      if (type.isInstance(command)) {
        out.put(name, type.cast(command));
      }
    });
    return out;
  }

  private static Container only(Map<Container, Object> commands, Class<?> type) {
    List<Container> found = commands.entrySet().stream().filter(e -> type.isInstance(e.getValue()))
        .map(Map.Entry::getKey).toList();
    assertEquals(1, found.size(), "one " + type.getSimpleName() + " container: " + found);
    return found.get(0);
  }

  /** The value of {@code --flag=value} or {@code --flag value}. */
  private static String flagValue(List<String> command, String flag) {
    for (int i = 0; i < command.size(); i++) {
      if (command.get(i).startsWith(flag + "=")) {
        return command.get(i).substring(flag.length() + 1);
      }
      if (command.get(i).equals(flag) && i + 1 < command.size()) {
        return command.get(i + 1);
      }
    }
    throw new AssertionError("no " + flag + " in " + command);
  }

  private static List<String> concat(Iterable<String> a, Iterable<String> b) {
    List<String> out = new ArrayList<>();
    a.forEach(out::add);
    b.forEach(out::add);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> loadYaml(Path file) throws IOException {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    try (InputStream in = Files.newInputStream(file)) {
      List<Map<String, Object>> docs = new ArrayList<>();
      for (Object doc : yaml.loadAll(in)) {
        if (doc != null) {
          docs.add((Map<String, Object>) doc);
        }
      }
      return docs;
    }
  }

  private static Path repoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("mvnw")) && Files.exists(dir.resolve("cli/pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("repository root not found from " + Path.of("").toAbsolutePath());
  }
}
