/**
 * Point-in-time joins over the offline store.
 *
 * <p>{@link dev.featurewatch.store.offline.join.PointInTimeJoin} joins {@link
 * dev.featurewatch.store.offline.join.EntityRows} (join keys + timestamp, in input order) with the
 * files of each requested view and yields a {@link dev.featurewatch.store.offline.join.JoinResult}
 * (written as CSV or Arrow IPC). Semantics: per entity row and view, the latest row with {@code
 * event ≤ ts} and {@code ts − event ≤ ttl} (no lower bound for ttl zero), ties on event time to the
 * later created time, then to the later written row; nulls when nothing matches; every entity row
 * kept, in input order. Checked against pandas {@code merge_asof} (golden file) and a naive O(n·m)
 * join (property test).
 *
 * <h2>Algorithm</h2>
 *
 * <ol>
 *   <li>Entity rows are columns of primitives: one {@code long[]} per join key (string keys
 *       dictionary-encoded to {@code long} codes; one {@code String} per distinct value) and one
 *       {@code long[]} of microsecond timestamps.
 *   <li>For each distinct set of join keys, the key becomes one {@code long} per row ({@link
 *       dev.featurewatch.store.offline.join.KeyOrdinals}): an int64 key as it is, a string key as
 *       its code, several keys as a dense ordinal per distinct tuple (an open-addressing table of
 *       entity row indices, built once). An {@code int[]} permutation of the entity rows is sorted
 *       by (key, timestamp) with a stable LSD radix sort ({@link
 *       dev.featurewatch.store.sort.RowSort}: each column counted from its minimum, packed into one
 *       {@code long} when the bits fit, constant digits skipped), which also yields the keys and
 *       timestamps in sorted order.
 *   <li>Per view, only the date partitions in {@code [date(min ts − ttl), date(max ts)]} are read.
 *       Keys (encoded the same way; a string or tuple no entity row has drops the row, which can
 *       never match), event and created times become {@code long[]}; the requested feature columns
 *       stay in the Arrow vectors read from the files (off heap), other columns are dropped as each
 *       batch is read. The rows are radix sorted by (key, event); stable, so equal rows stay in
 *       file order. The created time joins the sort only if rows of equal key and event are out of
 *       created order (rare: it costs about one more sort when it happens). The offline store
 *       writes each file sorted by (key, event, created): when every file read is in that order,
 *       the rows are sorted by key alone (the event time carried in the same packed {@code long}: 2
 *       digit passes for 100,000 keys instead of 6), and a pass over the result checks that each
 *       key's rows are in (event, created) order, as they are unless files of one key overlap in
 *       time (several appends to one date); if not, the full sort runs on.
 *   <li>One forward merge over both sorted sides, reading keys and times in order, keeps the last
 *       view row with equal key and {@code event ≤ ts}; the ttl is checked on it; its index goes
 *       into {@code match[e]} at the entity row's <em>input</em> position, so output is emitted in
 *       input order with no second sort and no per-row object.
 *   <li>Views are read, sorted and merged in parallel, one task per view on up to {@code threads}
 *       threads (a constructor parameter, by default the number of processors); the entity rows are
 *       sorted once per set of join keys, as a task started before the views' (so beside the first
 *       view's reading), which a view's task waits for before its merge. Each task writes only its
 *       own {@code match} array.
 *   <li>Output copies values vector to vector, one record batch (65,536 rows) at a time.
 * </ol>
 *
 * <h2>Memory bound</h2>
 *
 * For {@code n} entity rows with {@code k} join keys, {@code v} views of {@code m_i} rows (in the
 * dates read) each with {@code k_i} keys: heap ≈ {@code 8n(k+1)} (entity columns) {@code + 20n}
 * (sorted entity rows: permutation, keys, timestamps; 24n while sorting; per distinct key set)
 * {@code + 4n·v} (matches) {@code + Σ 8m_i(k_i+2)} (view keys and times) {@code + 24m_i} (radix
 * sort scratch, for each of the up to {@code threads} views being sorted at once); with several
 * join keys, {@code 8n + 8m_i} more for ordinals and at most {@code 16n} for the table. Plus one
 * {@code String} per distinct string key value; off heap, the requested feature columns of the rows
 * read. No structure holds one object per row. Measured on the 2-core development machine (a
 * scratch program, not committed; BENCHMARKS.md is the place for recorded runs): 10,000,000 entity
 * rows against the 3 views of 10,000,000 rows of the point-in-time benchmark joined in 3.1 s with
 * {@code -Xmx1500m} (6.6 s the first time, before the JIT; 906 MB heap in use afterwards).
 *
 * <h2>Limits</h2>
 *
 * <ul>
 *   <li>A view's rows in the dates read must fit in memory as columns (keys and times on heap,
 *       requested features off heap); a view far larger than memory would need an external sort of
 *       its files (not implemented).
 *   <li>At most {@code Integer.MAX_VALUE} rows per side (Java array indices).
 *   <li>Timestamps are microseconds (the file format's unit); finer parts are truncated.
 * </ul>
 */
package dev.featurewatch.store.offline.join;
