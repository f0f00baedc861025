package dev.featurewatch.dashboards;

import java.util.List;

/**
 * One panel of a dashboard.
 *
 * @param id unique within the dashboard, nested panels included
 * @param type the visualization: {@code timeseries}, {@code stat}, {@code row}, ...
 * @param title what the panel shows; empty when not given
 * @param description the panel's help text; empty when not given
 * @param datasource the datasource the panel names
 * @param gridPos where it sits on the 24-column grid
 * @param queries its queries (Grafana's targets), in order
 * @param panels for a collapsed row, the panels it holds (an expanded row's follow it instead)
 */
record Panel(
    int id,
    String type,
    String title,
    String description,
    Datasource datasource,
    GridPos gridPos,
    List<Query> queries,
    List<Panel> panels) {

  /**
   * A panel's place in grid units: the grid is 24 columns wide, rows have no limit.
   *
   * @param x the first column, from 0
   * @param y the first row, from 0
   * @param w the width in columns
   * @param h the height in rows
   */
  public record GridPos(int x, int y, int w, int h) {

    /** Whether the two share a cell of the grid. */
    public boolean overlaps(GridPos other) {
      return x < other.x + other.w && other.x < x + w && y < other.y + other.h && other.y < y + h;
    }
  }

  public Panel {
    queries = List.copyOf(queries);
    panels = List.copyOf(panels);
  }

  /** Whether the panel shows data: rows only group panels, text panels show fixed text. */
  public boolean showsData() {
    return !type.equals("row") && !type.equals("text");
  }
}
