package dev.featurewatch.dashboards;

/**
 * The datasource a panel, a query or a variable names: a Grafana plugin type and the uid of a
 * provisioned datasource.
 *
 * @param type the plugin type, {@code prometheus}; empty when not given
 * @param uid the datasource's uid; empty when not given
 */
record Datasource(String type, String uid) {

  /** The one featurewatch's dashboards use, as {@code provisioning/datasources} defines it. */
  public static final Datasource PROMETHEUS = new Datasource("prometheus", "prometheus");

  /** What a panel or query without a datasource has: Grafana would use its default one. */
  public static final Datasource NONE = new Datasource("", "");

  @Override
  public String toString() {
    return this.equals(NONE) ? "none" : "{type: '" + type + "', uid: '" + uid + "'}";
  }
}
