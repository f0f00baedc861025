package dev.featurewatch.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The modules' layering, checked on their compiled main classes: every arrow between two modules
 * that must never exist is a test of its own ({@code definitions → stores never}), so a forbidden
 * import fails the build with the arrow it breaks. Maven's dependencies already keep a module from
 * compiling against one it does not declare; these rules also hold when a dependency is added by
 * mistake, and they cover Flink (kept out of the definitions, the stores and the feature server)
 * and logging (kept out of the statistics library and the JSON reader). And no package depends on
 * itself through others: no cycles.
 *
 * <p>The arrows that may exist are docs/architecture.md's table: a module reaches only those below
 * it in the data flow.
 */
class LayeringTest {

  private static final String FW = "dev.featurewatch.";

  /** Each module by name, with its packages. */
  private static final Map<String, String[]> MODULES = new LinkedHashMap<>();

  static {
    MODULES.put("annotations", new String[] {FW + "annotation.."});
    MODULES.put("json-fields", new String[] {FW + "json.."});
    MODULES.put("web-ui", new String[] {FW + "web.."});
    MODULES.put("drift-stats", new String[] {FW + "drift.."});
    MODULES.put(
        "definitions",
        new String[] {
          FW + "store.definition..",
          FW + "store.repo..",
          FW + "store.registry..",
          FW + "store.config..",
          FW + "store.row..",
          FW + "store.metrics.."
        });
    MODULES.put(
        "stores",
        new String[] {
          FW + "store.online..",
          FW + "store.offline..",
          FW + "store.materialize..",
          FW + "store.sort.."
        });
    MODULES.put("feature-server", new String[] {FW + "store.serving.."});
    MODULES.put("streaming", new String[] {FW + "streaming.."});
    MODULES.put("feature-pipeline", new String[] {FW + "store.pipeline.."});
    MODULES.put("model-registry", new String[] {FW + "modelregistry.."});
    MODULES.put("monitoring-jobs", new String[] {FW + "monitoring.."});
    MODULES.put("alerting", new String[] {FW + "alerting.."});
    MODULES.put("dashboards", new String[] {FW + "dashboards.."});
    MODULES.put("app", new String[] {FW + "app.."});
  }

  /** The modules each module may use: the arrows that may exist. */
  private static final Map<String, Set<String>> MAY_USE =
      Map.ofEntries(
          Map.entry("annotations", Set.<String>of()),
          // the one JSON field reader uses nothing of ours
          Map.entry("json-fields", Set.<String>of()),
          // pages and their assets: data comes in as JSON
          Map.entry("web-ui", Set.<String>of()),
          Map.entry("drift-stats", Set.of("json-fields")),
          Map.entry("definitions", Set.of("json-fields", "drift-stats")),
          Map.entry("stores", Set.of("json-fields", "definitions")),
          Map.entry("feature-server", Set.of("json-fields", "definitions", "stores")),
          Map.entry("streaming", Set.of("definitions")),
          Map.entry(
              "feature-pipeline", Set.of("json-fields", "definitions", "stores", "streaming")),
          Map.entry("model-registry", Set.of("json-fields")),
          Map.entry(
              "monitoring-jobs",
              Set.of("json-fields", "drift-stats", "definitions", "streaming", "model-registry")),
          Map.entry("alerting", Set.of("json-fields", "model-registry")),
          Map.entry("dashboards", Set.of("json-fields")),
          Map.entry("app", MODULES.keySet()));

  /** The modules that run without Flink on their classpath. */
  private static final Set<String> WITHOUT_FLINK =
      Set.of(
          "annotations",
          "json-fields",
          "web-ui",
          "drift-stats",
          "definitions",
          "stores",
          "feature-server",
          "model-registry",
          "alerting");

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.featurewatch");

  @TestFactory
  Stream<DynamicTest> noModuleUsesOneAboveItInTheDataFlow() {
    List<DynamicTest> arrows = new ArrayList<>();
    for (String from : MODULES.keySet()) {
      for (String to : MODULES.keySet()) {
        // every module may mark what of it is internal
        if (from.equals(to) || to.equals("annotations") || MAY_USE.get(from).contains(to)) {
          continue;
        }
        arrows.add(
            DynamicTest.dynamicTest(
                from + " → " + to + " never",
                () ->
                    noClasses()
                        .that()
                        .resideInAnyPackage(MODULES.get(from))
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(MODULES.get(to))
                        .because(from + " sits below " + to + " in the data flow")
                        .check(CLASSES)));
      }
    }
    for (String module : WITHOUT_FLINK) {
      arrows.add(
          DynamicTest.dynamicTest(
              module + " → Flink never",
              () ->
                  noClasses()
                      .that()
                      .resideInAnyPackage(MODULES.get(module))
                      .should()
                      .dependOnClassesThat()
                      .resideInAnyPackage("org.apache.flink..")
                      .because(module + " runs without Flink on its classpath")
                      .check(CLASSES)));
    }
    return arrows.stream();
  }

  @TestFactory
  Stream<DynamicTest> theLibrariesDoNotLog() {
    // the statistics and the JSON reader report through their results and exceptions
    return Stream.of("drift-stats", "json-fields")
        .map(
            module ->
                DynamicTest.dynamicTest(
                    module + " → logging never",
                    () ->
                        noClasses()
                            .that()
                            .resideInAnyPackage(MODULES.get(module))
                            .should()
                            .dependOnClassesThat()
                            .resideInAnyPackage(
                                "org.slf4j..", "org.apache.logging..", "java.util.logging..")
                            .because(
                                "a library reports through its results and exceptions; its"
                                    + " callers log")
                            .check(CLASSES)));
  }

  @Test
  void theJsonReaderUsesJacksonAndTheAnnotationsOnly() {
    // every module that reads JSON by hand uses it: it stays at the bottom of the data flow
    classes()
        .that()
        .resideInAnyPackage(MODULES.get("json-fields"))
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(FW + "json..", FW + "annotation..", "com.fasterxml.jackson..", "java..")
        .check(CLASSES);
  }

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    slices().matching("dev.featurewatch.(**)").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void everyPackageBelongsToAModule() {
    // a new package outside the table would escape every rule above
    List<String> known = MODULES.values().stream().flatMap(Stream::of).toList();
    noClasses()
        .should()
        .resideOutsideOfPackages(
            Stream.concat(known.stream(), Stream.of(FW + "testing..", FW + "benchmarks.."))
                .toArray(String[]::new))
        .check(CLASSES);
  }
}
