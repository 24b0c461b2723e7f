/// The style sheet and scripts inlined into every HTML report.
enum HTMLAssets {
    /// Colours of procedures (and series), in lifecycle order.
    static let palette = ["#2563eb", "#0d9488", "#d97706", "#7c3aed", "#db2777", "#65a30d", "#0891b2", "#475569", "#dc2626", "#4f46e5"]
    /// p50, p90/p95, p99.
    static let percentileColors = ["#93c5fd", "#3b82f6", "#1e3a8a"]

    /// Runs first: any later script error is written into the document (`data-cg-errors` on `<html>`), where
    /// a headless browser's DOM dump shows it.
    static let errorTrap = """
    <script>
    (function () {
      var root = document.documentElement;
      function note(text) {
        var previous = root.getAttribute('data-cg-errors');
        root.setAttribute('data-cg-errors', (previous ? previous + ' | ' : '') + text);
      }
      window.addEventListener('error', function (e) { note('error: ' + e.message + ' at ' + (e.filename || '') + ':' + (e.lineno || 0)); });
      window.addEventListener('unhandledrejection', function (e) { note('unhandled rejection: ' + e.reason); });
    })();
    </script>
    """

    /// Step filters, sortable tables, expand/collapse of ladders; marks the document ready when done.
    static let script = """
    <script>
    (function () {
      var buttons = document.querySelectorAll('[data-filter]');
      buttons.forEach(function (b) {
        b.addEventListener('click', function () {
          var want = b.getAttribute('data-filter');
          buttons.forEach(function (o) { o.classList.toggle('on', o === b); });
          document.querySelectorAll('#steps .step').forEach(function (row) {
            row.hidden = !(want === 'all' || row.getAttribute('data-outcome') === want ||
                          (want === 'problems' && (row.getAttribute('data-outcome') === 'failed' || row.getAttribute('data-outcome') === 'error')));
          });
        });
      });
      document.querySelectorAll('table.sortable th[data-col]').forEach(function (th) {
        th.addEventListener('click', function () {
          var table = th.closest('table'), body = table.tBodies[0], col = +th.getAttribute('data-col');
          var dir = th.getAttribute('data-dir') === 'desc' ? 'asc' : 'desc';
          table.querySelectorAll('th').forEach(function (o) { o.removeAttribute('data-dir'); });
          th.setAttribute('data-dir', dir);
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = a.cells[col].getAttribute('data-v'), y = b.cells[col].getAttribute('data-v');
            var nx = parseFloat(x), ny = parseFloat(y);
            var c = (isNaN(nx) || isNaN(ny)) ? String(x).localeCompare(String(y)) : nx - ny;
            return dir === 'asc' ? c : -c;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
      var toggle = document.getElementById('toggle-ladders');
      if (toggle) {
        toggle.addEventListener('click', function () {
          var all = document.querySelectorAll('#failures details');
          var open = Array.prototype.some.call(all, function (d) { return !d.open; });
          all.forEach(function (d) { d.open = open; });
          toggle.textContent = open ? 'Collapse all' : 'Expand all';
        });
      }
      document.documentElement.setAttribute('data-cg-ready', '1');
    })();
    </script>
    """

    static let css = """
    :root { --ink:#0f172a; --muted:#64748b; --line:#e2e8f0; --bg:#f8fafc; --card:#fff; --pass:#15803d; --fail:#b91c1c; --warn:#b45309; }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
    main { max-width: 1240px; margin: 0 auto; padding: 0 24px 40px; }
    header.top { color: #fff; padding: 22px 0 18px; }
    header.top.pass { background: linear-gradient(100deg, #14532d, #15803d); }
    header.top.fail { background: linear-gradient(100deg, #7f1d1d, #b91c1c); }
    header.top .wrap { max-width: 1240px; margin: 0 auto; padding: 0 24px; display: flex; gap: 28px; align-items: flex-start; justify-content: space-between; flex-wrap: wrap; }
    .badge { display: inline-block; font-weight: 700; letter-spacing: .08em; font-size: 13px; padding: 3px 10px; border-radius: 4px; background: rgba(255,255,255,.18); border: 1px solid rgba(255,255,255,.45); }
    header h1 { margin: 8px 0 2px; font-size: 26px; font-weight: 650; }
    header .desc { opacity: .9; }
    header .reasons { margin: 8px 0 0; padding-left: 18px; opacity: .95; }
    .tags span { display: inline-block; font-size: 12px; padding: 1px 8px; margin: 8px 6px 0 0; border-radius: 10px; background: rgba(255,255,255,.16); }
    dl.facts { display: grid; grid-template-columns: auto auto; gap: 2px 14px; margin: 4px 0 0; font-size: 13px; }
    dl.facts dt { opacity: .75; } dl.facts dd { margin: 0; font-variant-numeric: tabular-nums; }
    .banner { margin: 16px 0 0; padding: 10px 14px; border-radius: 6px; background: #fef3c7; border: 1px solid #f59e0b; color: #78350f; font-weight: 600; }
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin: 18px 0 6px; }
    .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
    .card .k { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .05em; }
    .card .v { font-size: 24px; font-weight: 650; font-variant-numeric: tabular-nums; margin-top: 2px; }
    .card .s { color: var(--muted); font-size: 12px; }
    .v.good { color: var(--pass); } .v.bad { color: var(--fail); }
    section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; margin-top: 16px; }
    section h2 { font-size: 16px; margin: 0 0 12px; display: flex; align-items: center; gap: 10px; }
    section h2 .count { color: var(--muted); font-weight: 400; font-size: 13px; }
    .grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; align-items: start; }
    .grid3 { display: grid; grid-template-columns: repeat(3, 1fr); gap: 14px; }
    @media (max-width: 980px) { .grid2, .grid3 { grid-template-columns: 1fr; } }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
    th { color: var(--muted); font-weight: 600; font-size: 12px; }
    th:first-child, td:first-child, td.l, th.l { text-align: left; }
    table.sortable th[data-col] { cursor: pointer; user-select: none; }
    th[data-dir=asc]::after { content: " ▲"; } th[data-dir=desc]::after { content: " ▼"; }
    td.wrap { white-space: normal; }
    .dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 7px; vertical-align: 0; }
    .pill { display: inline-block; min-width: 58px; text-align: center; font-size: 11px; font-weight: 700; letter-spacing: .04em; text-transform: uppercase; padding: 2px 8px; border-radius: 10px; }
    .pill.passed { background: #dcfce7; color: #166534; } .pill.failed { background: #fee2e2; color: #991b1b; }
    .pill.error { background: #fde68a; color: #92400e; } .pill.skipped { background: #e2e8f0; color: #475569; }
    .pill.warning { background: #fef3c7; color: #92400e; } .pill.info { background: #e0f2fe; color: #075985; }
    svg.chart { width: 100%; height: auto; display: block; }
    svg text { font-family: inherit; }
    .ct { font-size: 13px; font-weight: 600; fill: var(--ink); } .cu { font-size: 11px; fill: var(--muted); }
    .ax { font-size: 10.5px; fill: var(--muted); } .rl { font-size: 12px; fill: var(--ink); } .bv { font-size: 10px; fill: var(--muted); }
    .grid { stroke: #eef2f7; } .axis { stroke: #cbd5e1; } .line { fill: none; stroke-width: 1.7; stroke-linejoin: round; }
    .empty { font-size: 12px; fill: var(--muted); }
    .legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; color: var(--muted); margin: 2px 0 8px; }
    .filters button, .tool { font: inherit; font-size: 12px; border: 1px solid var(--line); background: #fff; border-radius: 5px; padding: 3px 10px; cursor: pointer; color: var(--ink); }
    .filters button.on { background: var(--ink); color: #fff; border-color: var(--ink); }
    .filters { margin-left: auto; display: flex; gap: 6px; }
    .step { border-top: 1px solid var(--line); padding: 8px 2px; }
    .step .row { display: grid; grid-template-columns: 84px 1fr 110px 90px; gap: 10px; align-items: center; }
    .step .kind, .step .dur { color: var(--muted); font-size: 12px; text-align: right; font-variant-numeric: tabular-nums; }
    .step .msg { color: #7f1d1d; margin: 6px 0 0 94px; }
    .step.skipped .msg { color: var(--muted); }
    .detail { margin: 8px 0 4px 94px; }
    .cmp { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
    pre { margin: 0; background: #f1f5f9; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; font: 12px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; white-space: pre-wrap; word-break: break-all; max-height: 320px; overflow: auto; }
    .lbl { font-size: 11px; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; margin: 8px 0 3px; }
    .diff .m { color: #b91c1c; } .diff .p { color: #15803d; } .diff .c { color: #92400e; } .diff .n { color: var(--muted); }
    ul.diag { margin: 0; padding-left: 18px; font-size: 13px; }
    details.ue { border-top: 1px solid var(--line); padding: 8px 0; }
    details.ue summary { cursor: pointer; font-weight: 600; }
    details.ue summary .why { font-weight: 400; color: #7f1d1d; margin-left: 8px; }
    details.ue summary .when { font-weight: 400; color: var(--muted); margin-left: 8px; font-size: 12px; }
    .ladderbox { overflow-x: auto; margin-top: 8px; }
    svg.ladder { display: block; font-size: 12px; }
    .node { fill: #f1f5f9; stroke: #94a3b8; } .nodename { font-size: 12px; font-weight: 600; fill: var(--ink); }
    .life { stroke: #cbd5e1; stroke-dasharray: 4 4; }
    .arrow { stroke: #334155; stroke-width: 1.3; } .head { fill: #334155; }
    .arrow.bad { stroke: #dc2626; stroke-width: 1.8; } .head.bad { fill: #dc2626; }
    .msg { font-size: 12px; fill: var(--ink); font-weight: 600; } .msg.bad { fill: #b91c1c; }
    .sum { font-size: 10.5px; fill: var(--muted); } .lt { font-size: 10.5px; fill: var(--muted); font-variant-numeric: tabular-nums; }
    .note { fill: #fff7ed; stroke: #fdba74; } .note.bad { fill: #fef2f2; stroke: #f87171; }
    .muted { color: var(--muted); }
    .good { color: var(--pass); } .bad { color: var(--fail); }
    footer { color: var(--muted); font-size: 12px; margin: 20px 0 0; text-align: center; }
    """
}
