package dev.featurewatch.store.repo;

import dev.featurewatch.store.definition.DefinitionKeys.ServiceKeys;
import dev.featurewatch.store.definition.FeatureReference;
import dev.featurewatch.store.definition.FeatureService;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the {@code feature_services}: the features a model uses, each a declared view's feature
 * ({@code view:feature}) or all of a view's ({@code view}), a view's listed once.
 */
final class FeatureServiceReader {

  private final Declarations<FeatureView> views;
  private final Declarations<FeatureService> services;

  FeatureServiceReader(Declarations<FeatureView> views, Declarations<FeatureService> services) {
    this.views = views;
    this.services = services;
  }

  void read(YamlCursor service) {
    int before = service.problemCount();
    service.keys(List.of(ServiceKeys.values()));
    String name = service.name(ServiceKeys.NAME);
    List<FeatureReference> refs = new ArrayList<>();
    for (YamlCursor item : service.list(ServiceKeys.FEATURES, true)) {
      String text = item.nameItem();
      if (text == null) {
        continue;
      }
      FeatureReference ref;
      try {
        ref = FeatureReference.parse(text);
      } catch (IllegalArgumentException e) {
        item.problem(e.getMessage());
        continue;
      }
      int itemStart = item.problemCount();
      FeatureView view = views.get(ref.view());
      if (!views.isDeclared(ref.view())) {
        item.problem(views.unknown(ref.view()));
      } else if (!ref.isWholeView() && view != null && view.feature(ref.feature()).isEmpty()) {
        item.problem(
            "unknown feature '"
                + ref.feature()
                + "' of view '"
                + ref.view()
                + "': expected one of "
                + view.features().stream().map(Field::name).collect(Collectors.joining(", ")));
      }
      for (FeatureReference earlier : refs) {
        if (item.problemCount() > itemStart) {
          break;
        }
        if (earlier.equals(ref)) {
          item.problem("duplicate feature '" + ref + "'");
        } else if (earlier.view().equals(ref.view())
            && (earlier.isWholeView() || ref.isWholeView())) {
          item.problem(
              "a view's features are listed once, found '" + ref + "' after '" + earlier + "'");
        }
      }
      if (item.problemCount() == itemStart) {
        refs.add(ref);
      }
    }
    String description = service.text(ServiceKeys.DESCRIPTION, false);
    Map<String, String> tags = service.tags(ServiceKeys.TAGS);
    if (services.declare(name, service) && service.problemCount() == before) {
      services.add(name, new FeatureService(name, refs, description, tags));
    }
  }
}
