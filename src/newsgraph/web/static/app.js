// newsgraph web app: a single page over the JSON API under /api/, routed by the URL hash.
//
// Article text, titles, names and quotes are untrusted: they only ever reach the page through
// textContent / createTextNode (see el()), never innerHTML.
"use strict";

const PAGE_SIZE = 25;
const DATE_VALUE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

// ---------------------------------------------------------------------------------------------
// DOM and API helpers

/** Build an element: props set attributes (class, dataset, on* handlers); children become text nodes. */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  appendChildren(node, children);
  return node;
}

function appendChildren(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A link to a hash route. */
function link(href, ...children) {
  return el("a", { href }, ...children);
}

class ApiError extends Error {
  constructor(status, title, message) {
    super(message);
    this.status = status;
    this.title = title;
  }
}

/** Fetch JSON from the API (same origin, so the token cookie goes along); errors become ApiError. */
async function api(path, options = {}) {
  const response = await fetch(path, { credentials: "same-origin", ...options });
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const error = (body && body.error) || {};
    throw new ApiError(error.status || response.status, error.title || response.statusText,
      error.message || `the request to ${path} failed`);
  }
  return body;
}

function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") search.set(key, value);
  }
  return search.toString();
}

function showError(error) {
  const box = document.getElementById("error");
  const heading = error instanceof ApiError ? `${error.title} (${error.status})` : "Something went wrong";
  box.replaceChildren(el("strong", {}, heading), " ", error.message || String(error));
  box.hidden = false;
}

function clearError() {
  const box = document.getElementById("error");
  box.hidden = true;
  box.replaceChildren();
}

const loadedScripts = new Map();

/** Load a script (the chart libraries under /vendor/) once, when a page first needs it. */
function loadScript(src) {
  if (!loadedScripts.has(src)) {
    loadedScripts.set(src, new Promise((resolve, reject) => {
      const script = el("script", { src, onload: resolve, onerror: () => reject(new Error(`could not load ${src}`)) });
      document.head.append(script);
    }));
  }
  return loadedScripts.get(src);
}

function tableHead(headings) {
  return el("thead", {}, el("tr", {}, headings.map((heading) => el("th", {}, heading))));
}

function formatDate(value) {
  return value || "—";
}

// ---------------------------------------------------------------------------------------------
// Routing: #/article/ID?quote=N|event=N|entity=LOCAL_ID, #/quotes?…, #/stories, #/story/ID, #/entities?…,
// #/entity/ID, #/add

const ROUTES = {
  article: renderArticle,
  quotes: renderQuotes,
  stories: renderStories,
  story: renderStory,
  entities: renderEntities,
  entity: renderEntity,
  add: renderAdd,
};

/** The nav bar section a page belongs to. */
const SECTION_OF = { story: "stories", entity: "entities" };

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const mark = raw.indexOf("?");
  const path = mark < 0 ? raw : raw.slice(0, mark);
  const params = new URLSearchParams(mark < 0 ? "" : raw.slice(mark + 1));
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { name: parts[0] || "quotes", args: parts.slice(1), params };
}

function setHash(path, params = {}) {
  const search = query(params);
  location.hash = search ? `${path}?${search}` : path;
}

let currentRender = 0;

async function route() {
  const ticket = ++currentRender;
  const { name, args, params } = parseHash();
  clearError();
  const section = Object.hasOwn(SECTION_OF, name) ? SECTION_OF[name] : name;
  for (const item of document.querySelectorAll("#nav a[data-route]")) {
    item.classList.toggle("active", item.dataset.route === section);
  }
  const page = el("div", { class: `page page-${name}` }, el("p", { class: "loading" }, "Loading…"));
  document.getElementById("view").replaceChildren(page);
  const render = Object.hasOwn(ROUTES, name) ? ROUTES[name] : null;
  try {
    if (!render) throw new ApiError(404, "Not Found", `there is no page '${name}'`);
    await render(page, args, params, () => ticket === currentRender);
  } catch (error) {
    if (ticket !== currentRender) return;
    page.replaceChildren();
    showError(error);
  }
}

// ---------------------------------------------------------------------------------------------
// Reader: the article text with its layers marked

/** Every marked span of a record as {start, end, type, index}. */
function annotationsOf(record) {
  const marks = [];
  const add = (span, type, index) => {
    if (span && span.end > span.start) marks.push({ start: span.start, end: span.end, type, index });
  };
  record.quotes.forEach((quote, i) => {
    const content = Array.isArray(quote.content) ? quote.content : [quote.content];
    content.forEach((span) => add(span, "quote", i));
    add(quote.cue, "cue", i);
  });
  record.entities.forEach((entity, i) => entity.mentions.forEach((span) => add(span, "entity", i)));
  (record.times || []).forEach((time, i) => add(time, "time", i));
  (record.quantities || []).forEach((quantity, i) => add(quantity, "quantity", i));
  (record.events || []).forEach((event, i) => {
    add(event.trigger, "trigger", i);
    add(event.sentence, "sentence", i);
  });
  return marks;
}

/** Split [0, length) at every mark boundary: [{start, end, marks}] with the marks covering each piece. */
function segmentsOf(length, marks) {
  const cuts = new Set([0, length]);
  for (const mark of marks) {
    cuts.add(Math.min(mark.start, length));
    cuts.add(Math.min(mark.end, length));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const byStart = [...marks].sort((a, b) => a.start - b.start);
  const segments = [];
  let active = [];
  let next = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i], points[i + 1]];
    active = active.filter((mark) => mark.end > start); // a fresh array: earlier segments keep theirs
    while (next < byStart.length && byStart[next].start <= start) active.push(byStart[next++]);
    // every start and end is a cut, so each active mark covers all of [start, end)
    segments.push({ start, end, marks: active });
  }
  return segments;
}

function speakerKey(quote) {
  const speaker = quote.speaker;
  if (!speaker) return "(unknown)";
  return speaker.entity || speaker.name || `(unresolved ${quote.source ? quote.source.start : ""})`;
}

/** The speaker as shown: the name, else "unresolved: <the source words>" (a pronoun or description that was
 * not resolved to a named entity is never shown as a person's name). */
function speakerLabel(record, quote) {
  const speaker = quote.speaker;
  if (!speaker) return "(unknown speaker)";
  if (speaker.name) return speaker.name;
  const source = quote.source ? record.text.slice(quote.source.start, quote.source.end).replace(/\s+/g, " ") : "";
  return source ? `unresolved: ${source}` : "unresolved";
}

/** Speaker key -> a pastel colour of its own (hues spread by the golden angle), in order of first appearance. */
function speakerColours(quotes) {
  const colours = new Map();
  for (const quote of quotes) {
    const key = speakerKey(quote);
    if (!colours.has(key)) colours.set(key, `hsl(${Math.round((colours.size * 137.508 + 30) % 360)} 85% 84%)`);
  }
  return colours;
}

function quoteLength(quote) {
  const content = Array.isArray(quote.content) ? quote.content : [quote.content];
  return content.reduce((sum, span) => sum + span.end - span.start, 0);
}

function cssName(value) {
  return String(value).replace(/[^A-Za-z0-9_-]/g, "");
}

/** The classes and tooltip line of one mark on the text. */
function markStyle(record, mark) {
  if (mark.type === "entity") {
    const entity = record.entities[mark.index];
    return [["ent", `ent-${cssName(entity.type)}`], `${entity.name} (${entity.type})`];
  }
  if (mark.type === "time") {
    const time = record.times[mark.index];
    return [["time"], `${time.type}: ${time.value || "?"}`];
  }
  if (mark.type === "quantity") {
    const quantity = record.quantities[mark.index];
    const parts = [quantity.approx, quantity.value, quantity.unit].filter((part) => part !== null);
    return [["qty"], `quantity: ${parts.join(" ")}`];
  }
  if (mark.type === "trigger") return [["trigger"], `event: ${record.events[mark.index].type}`];
  if (mark.type === "cue") return [["cue"], null];
  return [[], null];
}

/** One piece of text with the classes and data of the marks covering it. */
function segmentNode(record, segment, colours) {
  const text = record.text.slice(segment.start, segment.end);
  if (!segment.marks.length) return document.createTextNode(text);
  const node = el("span", {}, text);
  const titles = [];
  const quotes = segment.marks.filter((m) => m.type === "quote").map((m) => m.index);
  if (quotes.length) {
    const main = quotes.reduce((a, b) => (quoteLength(record.quotes[b]) < quoteLength(record.quotes[a]) ? b : a));
    node.classList.add("quote");
    node.style.setProperty("--speaker", colours.get(speakerKey(record.quotes[main])));
    node.dataset.quote = String(main);
    node.dataset.quotes = quotes.join(" ");
  }
  for (const mark of segment.marks) {
    const [classes, title] = markStyle(record, mark);
    node.classList.add(...classes);
    if (title) titles.push(title);
  }
  const sentences = segment.marks.filter((m) => m.type === "sentence").map((m) => m.index);
  if (sentences.length) node.dataset.events = sentences.join(" ");
  const entities = segment.marks.filter((m) => m.type === "entity").map((m) => m.index);
  if (entities.length) node.dataset.entities = entities.join(" ");
  if (titles.length) node.title = titles.join("\n");
  return node;
}

function markedText(record, colours) {
  const body = el("div", { class: "article-text", id: "article-text" });
  for (const segment of segmentsOf(record.text.length, annotationsOf(record))) {
    body.append(segmentNode(record, segment, colours));
  }
  return body;
}

function nodesMarking(container, attribute, index) {
  return [...container.querySelectorAll(`[data-${attribute}]`)].filter((node) =>
    node.dataset[attribute].split(" ").includes(String(index)));
}

function spanText(record, span) {
  return span ? record.text.slice(span.start, span.end) : null;
}

function quotePanel(record, index) {
  const quote = record.quotes[index];
  const speaker = quote.speaker || {};
  const content = Array.isArray(quote.content) ? quote.content : [quote.content];
  const row = (label, value) => [el("dt", {}, label), el("dd", {}, value || "—")];
  return el("div", { class: "quote-panel", id: "quote-panel" },
    el("h3", {}, `Quote ${index + 1} of ${record.quotes.length}`),
    el("dl", {},
      row("Speaker", speakerLabel(record, quote)), row("Role", speaker.role), row("Affiliation", speaker.affiliation),
      row("Cue", spanText(record, quote.cue)), row("Kind", quote.kind),
      row("Source mention", spanText(record, quote.source))),
    el("blockquote", {}, content.map((span) => spanText(record, span)).join(" … ")),
    speaker.name ? link(`#/quotes?${query({ speaker: speaker.name })}`, "All quotes by this speaker") : null);
}

/** What the reader knows of a marked entity, with a link to its corpus-wide page (``corpus_ids`` maps the
 * article's entity ids to corpus ids; without one, a search of the entities list by name and type). */
function entityPanel(record, index) {
  const entity = record.entities[index];
  const row = (label, value) => [el("dt", {}, label), el("dd", {}, value || "—")];
  const corpusId = (record.corpus_ids || {})[entity.id];
  const onward = corpusId
    ? link(entityHref(corpusId), `All about “${entity.name}” across the corpus`)
    : link(`#/entities?${query({ q: entity.name, type: entity.type })}`, `Find “${entity.name}” in all entities`);
  return el("div", { class: "entity-panel", id: "entity-panel" },
    el("h3", {}, entity.name),
    el("dl", {}, row("Type", entity.type), row("Role", entity.role), row("Affiliation", entity.affiliation),
      row("Mentions", String(entity.mentions.length))),
    onward);
}

/** Move `className` to the text nodes marking item `index` (data-`attribute`) and show `panel` in the aside. */
function selectMarks(reader, attribute, index, className, panel, scroll) {
  for (const node of reader.querySelectorAll(`.${className}`)) node.classList.remove(className);
  const nodes = nodesMarking(reader, attribute, index);
  nodes.forEach((node) => node.classList.add(className));
  reader.querySelector(`#${panel.id}`).replaceWith(panel);
  if (scroll && nodes.length) nodes[0].scrollIntoView({ block: "center" });
}

function selectEntity(reader, record, index, scroll) {
  if (!record.entities[index]) return;
  selectMarks(reader, "entities", index, "entity-selected", entityPanel(record, index), scroll);
}

function selectQuote(reader, record, index, scroll) {
  if (!record.quotes[index]) return;
  selectMarks(reader, "quotes", index, "selected", quotePanel(record, index), scroll);
}

function flashEvent(reader, index) {
  for (const node of reader.querySelectorAll(".flash")) node.classList.remove("flash");
  const nodes = nodesMarking(reader, "events", index);
  nodes.forEach((node) => node.classList.add("flash"));
  if (nodes.length) nodes[0].scrollIntoView({ block: "center", behavior: "smooth" });
}

function actorText(record, actors) {
  return actors.map((actor) => {
    const code = [actor.code, actor.sector].filter(Boolean).join(" ");
    return code ? `${spanText(record, actor)} [${code}]` : spanText(record, actor);
  }).join(", ") || "—";
}

function eventsList(reader, record) {
  if (!record.events.length) return el("p", { class: "muted" }, "No coded events in this article.");
  return el("ol", { class: "events" }, record.events.map((event, i) =>
    el("li", {},
      el("button", { type: "button", class: "event", onclick: () => flashEvent(reader, i) },
        el("span", { class: "event-type" }, event.type),
        el("span", { class: "badge" }, event.modality),
        el("span", { class: "event-actors" },
          `${actorText(record, event.source)} → ${actorText(record, event.target)}`),
        el("span", { class: "event-trigger" }, `“${spanText(record, event.trigger)}”`),
        event.date ? el("span", { class: "muted" }, event.date) : null))));
}

function swatch(colour) {
  const node = el("span", { class: "swatch" });
  node.style.setProperty("--speaker", colour);
  return node;
}

function speakerLegend(record, colours) {
  const names = new Map();
  for (const quote of record.quotes) {
    const key = speakerKey(quote);
    if (!names.has(key)) names.set(key, speakerLabel(record, quote));
  }
  return el("ul", { class: "legend" },
    [...names].map(([key, name]) => el("li", {}, swatch(colours.get(key)), name)),
    el("li", {}, el("span", { class: "ent sample" }, "entity")),
    el("li", {}, el("span", { class: "time sample" }, "date")),
    el("li", {}, el("span", { class: "qty sample" }, "number")));
}

async function renderArticle(page, [id], params) {
  const record = await api(`/api/articles/${encodeURIComponent(id)}`);
  const colours = speakerColours(record.quotes);
  const text = markedText(record, colours);
  const meta = [record.source, record.published].filter(Boolean).join(" · ");
  const aside = el("aside", {},
    el("div", { class: "quote-panel", id: "quote-panel" },
      el("p", { class: "muted" }, record.quotes.length ? "Click a highlighted quote." : "No quotes found.")),
    el("div", { id: "entity-panel", hidden: true }),
    el("h2", {}, `Events (${record.events.length})`));
  const reader = el("div", { class: "reader" },
    el("article", {},
      el("h1", { class: "article-title" }, record.title || record.id),
      el("p", { class: "muted" }, meta,
        record.story ? [" · ", link(`#/story/${encodeURIComponent(record.story)}`, "story")] : null,
        record.url ? [" · ", el("a", { href: safeUrl(record.url), rel: "noopener noreferrer" }, "original")] : null),
      record.duplicate_of ? el("p", { class: "copy-note" }, "A copy of ",
        link(`#/article/${encodeURIComponent(record.duplicate_of)}`, record.duplicate_of),
        ": its quotes, events and claims are counted there.") : null,
      record.copies && record.copies.length ? el("p", { class: "muted copy-note" }, "Also carried by: ",
        record.copies.flatMap((c, i) => [i ? ", " : "", link(`#/article/${encodeURIComponent(c.id)}`,
          c.outlet || c.id)])) : null,
      speakerLegend(record, colours),
      text),
    aside);
  aside.append(eventsList(reader, record));
  text.addEventListener("click", (event) => {
    const target = event.target.closest(".quote");
    if (target) selectQuote(reader, record, Number(target.dataset.quote), false);
    const entity = event.target.closest("[data-entities]");
    if (entity) selectEntity(reader, record, Number(entity.dataset.entities.split(" ")[0]), false);
  });
  page.replaceChildren(reader);
  document.title = `${record.title || record.id} — newsgraph`;
  selectFromParams(reader, record, params);
}

/** The quote, event or entity (by the article's own entity id) a link to the reader points at. */
function selectFromParams(reader, record, params) {
  const quote = params.get("quote");
  if (quote !== null) selectQuote(reader, record, Number(quote), true);
  const event = params.get("event");
  if (event !== null) flashEvent(reader, Number(event));
  const entity = record.entities.findIndex((item) => item.id === params.get("entity"));
  if (entity >= 0) selectEntity(reader, record, entity, quote === null && event === null);
}

/** Only http(s) links from article metadata. */
function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Quote explorer

const QUOTE_FILTERS = ["q", "speaker", "outlet", "from", "to", "speech"];
/** Statements (acts of saying or writing) by default; reported beliefs, findings and plans on request. */
const SPEECH_OPTIONS = [["true", "Statements"], ["any", "Statements and beliefs"],
  ["false", "Beliefs, findings, plans"]];

/** A labelled filter: a search/date input, or a select when options ([value, text] pairs) are given. */
function filterField(params, [name, label, type, options]) {
  const value = params.get(name) || "";
  const input = options
    ? el("select", { name }, options.map(([option, text]) => el("option", { value: option, selected: option === value },
      text)))
    : el("input", { name, type: type || "search", value });
  return el("label", {}, label, input);
}

function filterForm(params, fields, onSubmit) {
  const form = el("form", { class: "filters", onsubmit: (event) => {
    event.preventDefault();
    onSubmit(Object.fromEntries(new FormData(form)));
  }, onchange: (event) => {
    if (event.target.tagName === "SELECT") form.requestSubmit();
  } },
  fields.map((field) => filterField(params, field)),
  el("button", { type: "submit" }, "Search"));
  return form;
}

function pager(list, params, path) {
  const offset = list.offset || 0;
  const shown = list.items.length;
  const total = list.total === null || list.total === undefined ? "" : ` of ${list.total}`;
  const go = (to) => setHash(path, { ...Object.fromEntries(params), offset: to || null });
  return el("div", { class: "pager" },
    el("button", { type: "button", disabled: offset === 0, onclick: () => go(Math.max(0, offset - PAGE_SIZE)) },
      "‹ Previous"),
    el("span", {}, shown ? `${offset + 1}–${offset + shown}${total}` : `none${total}`),
    el("button", { type: "button", disabled: !list.next, onclick: () => go(offset + PAGE_SIZE) }, "Next ›"));
}

function quoteRow(row) {
  const href = `#/article/${encodeURIComponent(row.article_id)}?quote=${row.quote_index}`;
  const role = [row.speaker_role, row.speaker_affiliation].filter(Boolean).join(", ");
  return el("tr", { class: "quote-row", dataset: { href }, onclick: (event) => {
    if (!event.target.closest("a")) location.hash = href;
  } },
  el("td", { class: "speaker" }, row.speaker || "(unknown)", role ? el("div", { class: "muted" }, role) : null),
  el("td", { class: "content" }, link(href, row.content), el("span", { class: "badge" }, row.kind)),
  el("td", {}, row.outlet || "—"),
  el("td", { class: "nowrap" }, formatDate(row.published)),
  el("td", {}, link(`#/article/${encodeURIComponent(row.article_id)}`, row.title || row.article_id)));
}

function quotesTable(rows) {
  return el("table", { class: "quotes" },
    tableHead(["Speaker", "Quote", "Outlet", "Date", "Article"]),
    el("tbody", {}, rows.map(quoteRow)));
}

async function renderQuotes(page, args, params) {
  const filters = Object.fromEntries(QUOTE_FILTERS.map((name) => [name, params.get(name)]));
  const list = await api(`/api/quotes?${query({ ...filters, limit: PAGE_SIZE, offset: params.get("offset") })}`);
  const form = filterForm(params, [["q", "Search quotes"], ["speaker", "Speaker"], ["outlet", "Outlet"],
    ["from", "From", "date"], ["to", "To", "date"], ["speech", "Show", null, SPEECH_OPTIONS]],
  (values) => setHash("/quotes", values));
  page.replaceChildren(el("h1", {}, "Who said what"), form,
    list.items.length ? quotesTable(list.items) : el("p", { class: "muted empty" }, "No quotes match these filters."),
    pager(list, params, "/quotes"));
  document.title = "Quotes — newsgraph";
}

// ---------------------------------------------------------------------------------------------
// Stories

async function renderStories(page, args, params) {
  const search = query({ q: params.get("q"), limit: PAGE_SIZE, offset: params.get("offset") });
  const list = await api(`/api/stories?${search}`);
  const form = filterForm(params, [["q", "Search story titles"]], (values) => setHash("/stories", values));
  const table = el("table", { class: "stories" },
    tableHead(["Story", "Dates", "Articles", "Main actors"]),
    el("tbody", {}, list.items.map((story) => el("tr", {},
      el("td", {}, link(`#/story/${encodeURIComponent(story.id)}`, story.title)),
      el("td", { class: "nowrap" }, dateRange(story)),
      el("td", {}, String(story.articles)),
      el("td", {}, (story.actors || []).map((actor) => actor.name).join(", "))))));
  page.replaceChildren(el("h1", {}, "Stories"), form,
    list.items.length ? table : el("p", { class: "muted empty" }, "No stories yet."), pager(list, params, "/stories"));
  document.title = "Stories — newsgraph";
}

function dateRange(story) {
  if (!story.first_date) return "—";
  return story.last_date && story.last_date !== story.first_date ? `${story.first_date} – ${story.last_date}`
    : story.first_date;
}

/** Plotly renders a small HTML subset in its texts: escape it so that untrusted text shows as written. */
function plotlyText(text) {
  return String(text ?? "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function wrapText(text, width = 80) {
  const words = String(text).split(/\s+/);
  const lines = [""];
  for (const word of words) {
    if (lines[lines.length - 1].length + word.length > width) lines.push("");
    lines[lines.length - 1] += (lines[lines.length - 1] ? " " : "") + word;
  }
  return lines.map(plotlyText).join("<br>");
}

const DAY_MS = 24 * 3600 * 1000;

/** The x-axis range of the chart: the dates' span with a margin, at least a few days wide. */
function paddedRange(dates) {
  const times = dates.map((date) => Date.parse(date.length === 4 ? `${date}-01-01` : date));
  const [first, last] = [Math.min(...times), Math.max(...times)];
  const pad = Math.max(2 * DAY_MS, (last - first) * 0.05);
  return [new Date(first - pad).toISOString().slice(0, 10), new Date(last + pad).toISOString().slice(0, 10)];
}

function timelineChart(container, timeline) {
  const dated = timeline.filter((item) => item.date && DATE_VALUE.test(item.date));
  if (!window.Plotly) {
    container.append(el("p", { class: "muted" }, "The chart library (plotly) is not available."));
    return;
  }
  if (!dated.length) {
    container.append(el("p", { class: "muted" }, "No dated events or statements."));
    return;
  }
  const kinds = [...new Set(dated.map((item) => (item.kind.startsWith("event") ? "events" : "statements")))];
  const traces = kinds.map((kind) => {
    const items = dated.filter((item) => (item.kind.startsWith("event") ? "events" : "statements") === kind);
    return {
      type: "scatter", mode: "markers", name: kind,
      x: items.map((item) => item.date), y: items.map((item) => plotlyText(item.label)),
      customdata: items.map((item) => item.article_id),
      text: items.map((item) => `${plotlyText(item.label)} · ${plotlyText(item.outlet)}<br>${wrapText(item.text)}`),
      hovertemplate: "%{x}<br>%{text}<extra></extra>",
      marker: { size: 12, symbol: kind === "events" ? "diamond" : "circle" },
    };
  });
  const chart = el("div", { class: "timeline-chart", id: "timeline-chart" });
  container.append(chart);
  const lanes = new Set(dated.map((item) => item.label)).size;
  window.Plotly.newPlot(chart, traces, {
    height: Math.max(260, 60 + lanes * 28), margin: { l: 200, r: 20, t: 20, b: 40 },
    xaxis: { type: "date", title: { text: "date" }, tickformat: "%d %b %Y",
      range: paddedRange(dated.map((item) => item.date)) },
    yaxis: { automargin: true },
    legend: { orientation: "h" }, hovermode: "closest",
  }, { displaylogo: false, responsive: true });
  chart.on("plotly_click", (data) => {
    const point = data.points[0];
    if (point) location.hash = `#/article/${encodeURIComponent(point.customdata)}`;
  });
}

const NODE_COLOURS = { PERSON: "#4e79a7", ORG: "#f28e2b", GPE: "#59a14f", LOC: "#76b7b2", NORP: "#b07aa1" };

function textElement(text) {
  return el("div", { class: "graph-tip" }, text);
}

function networkGraph(container, graph) {
  if (!window.vis || !window.vis.Network) {
    container.append(el("p", { class: "muted" }, "The graph library (vis-network) is not available."));
    return;
  }
  if (!graph.nodes.length) {
    container.append(el("p", { class: "muted" }, "No actors linked in this story."));
    return;
  }
  const box = el("div", { class: "network", id: "network" });
  container.append(box, el("p", { class: "muted" },
    "Solid arrows: acts on; dashed: speaks about. Double-click an actor to open its page."));
  const nodes = graph.nodes.map((node) => ({
    id: node.id, label: node.label, value: node.weight || 1,
    color: NODE_COLOURS[node.type] || "#9c9c9c", shape: "dot",
    title: textElement(`${node.label} (${node.type}${node.code ? `, ${node.code}` : ""})`),
  }));
  const edges = graph.edges.map((edge) => ({
    from: edge.source, to: edge.target, value: edge.weight || 1, arrows: "to",
    dashes: edge.kind === "speaks_about", title: textElement(edge.label || edge.kind),
  }));
  const data = { nodes: new window.vis.DataSet(nodes), edges: new window.vis.DataSet(edges) };
  const network = new window.vis.Network(box, data, {
    physics: { stabilization: { iterations: 200 } }, interaction: { hover: true },
    nodes: { font: { size: 14 }, scaling: { min: 8, max: 30 } }, edges: { smooth: { type: "dynamic" } },
  });
  network.once("stabilizationIterationsDone", () => network.setOptions({ physics: false }));
  network.on("doubleClick", (params) => {
    const node = graph.nodes.find((n) => n.id === params.nodes[0]);
    if (node) location.hash = entityHref(node.id); // the graph's nodes are corpus entities
  });
}

function claimsTable(claims) {
  if (!claims.length) return el("p", { class: "muted" }, "No claims in this story.");
  const holders = (names) => (names && names.length
    ? el("ul", { class: "plain" }, names.map((name) => el("li", {}, name))) : "—");
  return el("table", { class: "claims" },
    tableHead(["Claim", "Asserted by", "Denied by", "Doubted by", "Where"]),
    el("tbody", {}, claims.map((claim) => el("tr", {},
      el("td", {}, claim.text),
      el("td", { class: "asserts" }, holders(claim.asserts)),
      el("td", { class: "denies" }, holders(claim.denies)),
      el("td", { class: "doubts" }, holders(claim.doubts)),
      el("td", {}, (claim.members || []).map((m) =>
        el("div", {}, link(`#/article/${encodeURIComponent(m.article_id)}`, m.outlet || m.article_id))))))));
}

function statementsList(statements) {
  if (!statements.length) return el("p", { class: "muted" }, "No statements.");
  return el("ul", { class: "statements" }, statements.map((statement) => el("li", {},
    el("strong", {}, statement.speaker || "(unknown)"), ": ", statement.text, " ",
    (statement.quotes || []).map((q) => el("span", { class: "badge" },
      link(`#/article/${encodeURIComponent(q.article_id)}?quote=${q.quote_index}`, q.outlet || q.article_id))))));
}

async function renderStory(page, [id], params, isCurrent) {
  const path = encodeURIComponent(id);
  const libraries = Promise.allSettled([loadScript("/vendor/plotly.min.js"), loadScript("/vendor/vis-network.min.js")]);
  const [story, claims, graph] = await Promise.all([
    api(`/api/stories/${path}`),
    api(`/api/stories/${path}/claims?limit=500`),
    api(`/api/graph?${query({ story: id })}`),
  ]);
  const timeline = el("section", {}, el("h2", {}, "Timeline of events and statements"));
  const network = el("section", {}, el("h2", {}, "Actor network"));
  const articles = story.article_list || [];
  page.replaceChildren(
    el("h1", { class: "story-title" }, story.title),
    el("p", { class: "summary" }, `${dateRange(story)} · ${articles.length} article(s) · `
      + `${(story.statements || []).length} statement(s) · ${claims.items.length} claim(s)`),
    el("p", { class: "actors" }, "Main actors: ", (story.actors || []).map((actor) =>
      el("a", { class: "chip", href: entityHref(actor.id) }, actor.name))),
    el("section", {}, el("h2", {}, "Articles"), articleList(articles)),
    timeline,
    el("section", {}, el("h2", {}, "Claims and denials"), claimsTable(claims.items)),
    network,
    el("section", {}, el("h2", {}, "Statements"), statementsList(story.statements || [])));
  document.title = `${story.title} — newsgraph`;
  await libraries; // a library that failed to load leaves a note in its section
  if (!isCurrent()) return;
  timelineChart(timeline, story.timeline || []);
  networkGraph(network, graph);
}

// ---------------------------------------------------------------------------------------------
// Entities: the corpus-wide list and one entity's page

const ENTITY_TYPES = [["", "Any type"], ["PERSON", "Person"], ["ORG", "Organisation"], ["GPE", "Country, city, state"],
  ["LOC", "Place"], ["NORP", "Nationality, group"]];

function entityHref(id) {
  return `#/entity/${encodeURIComponent(id)}`;
}

function articleHref(id, params = {}) {
  const search = query(params);
  return `#/article/${encodeURIComponent(id)}${search ? `?${search}` : ""}`;
}

/** Articles as links to the reader (linkParams: what the link asks the reader to select), with outlet and date. */
function articleList(articles, linkParams = () => ({}), notes = () => []) {
  return el("ul", { class: "articles" }, articles.map((article) => el("li", {},
    link(articleHref(article.id, linkParams(article)), article.title || article.id), " ",
    el("span", { class: "muted" },
      [article.outlet, article.published, ...notes(article)].filter(Boolean).join(" · ")))));
}

function entityRow(entity) {
  return el("tr", { class: "entity-row" },
    el("td", {}, link(entityHref(entity.id), entity.name)),
    el("td", {}, entity.type),
    el("td", {}, entity.code || "—"),
    el("td", { class: "num" }, String(entity.articles)),
    el("td", { class: "num" }, String(entity.mentions)));
}

async function renderEntities(page, args, params) {
  const filters = { q: params.get("q"), type: params.get("type") };
  const list = await api(`/api/entities?${query({ ...filters, limit: PAGE_SIZE, offset: params.get("offset") })}`);
  const form = filterForm(params, [["q", "Search names"], ["type", "Type", null, ENTITY_TYPES]],
    (values) => setHash("/entities", values));
  const table = el("table", { class: "entities" },
    tableHead(["Name", "Type", "CAMEO code", "Articles", "Mentions"]),
    el("tbody", {}, list.items.map(entityRow)));
  page.replaceChildren(el("h1", {}, "People, organisations and places"), form,
    list.items.length ? table : el("p", { class: "muted empty" }, "No entities match these filters."),
    pager(list, params, "/entities"));
  document.title = "Entities — newsgraph";
}

function eventActors(actors) {
  return actors.map((actor) => (actor.code ? `${actor.name} [${actor.code}]` : actor.name)).join(", ") || "—";
}

function eventRow(event) {
  return el("tr", { class: "event-row" },
    el("td", { class: "nowrap" }, formatDate(event.when || event.date)),
    el("td", {}, el("span", { class: "event-type" }, event.type), el("span", { class: "badge" }, event.modality)),
    el("td", {}, `${eventActors(event.source)} → ${eventActors(event.target)}`),
    el("td", {}, link(articleHref(event.article_id, { event: event.event_index }), event.sentence)),
    el("td", {}, event.outlet || "—"));
}

/** A section listing the first page of a list, with a note when there is more. */
function firstPageSection(heading, list, render, empty, more) {
  const body = list.items.length ? render(list.items) : el("p", { class: "muted empty" }, empty);
  return el("section", { class: "entity-section" }, el("h2", {}, heading), body,
    list.next ? el("p", { class: "muted more" }, more) : null);
}

async function renderEntity(page, [id], params, isCurrent) {
  const plotly = loadScript("/vendor/plotly.min.js").catch(() => null); // a failed load leaves a note
  const entity = await api(`/api/entities/${encodeURIComponent(id)}`);
  const name = entity.name;
  const [quotes, events, timeline] = await Promise.all([
    api(`/api/quotes?${query({ entity: id, limit: PAGE_SIZE })}`),
    api(`/api/events?${query({ entity: id, limit: PAGE_SIZE })}`),
    api(`/api/timeline?${query({ entity: name, limit: 500 })}`),
  ]);
  const chart = el("section", { class: "entity-timeline" }, el("h2", {}, "Timeline across the corpus"));
  const articles = entity.article_list || [];
  page.replaceChildren(
    el("h1", { class: "entity-name" }, name),
    el("p", { class: "summary" }, el("span", { class: "badge entity-type" }, entity.type),
      entity.code ? el("span", { class: "badge entity-code" }, `CAMEO ${entity.code}`) : null,
      ` ${entity.articles} article(s) · ${entity.mentions} mention(s)`),
    el("section", {}, el("h2", {}, `Articles naming ${name}`),
      articleList(articles, (article) => ({ entity: article.local_id }),
        (article) => [`${article.mentions} mention(s)`])),
    firstPageSection(`Quotes by ${name}`, quotes, quotesTable, "No quotes.",
      link(`#/quotes?${query({ speaker: name })}`, `Every speaker named like “${name}” in the quote explorer`)),
    firstPageSection(`Events with ${name} as an actor`, events, (rows) => el("table", { class: "entity-events" },
      tableHead(["Date", "Event", "Who → whom", "Sentence", "Outlet"]), el("tbody", {}, rows.map(eventRow))),
    "No coded events.", `Showing the first ${PAGE_SIZE}.`),
    chart);
  document.title = `${name} — newsgraph`;
  await plotly;
  if (isCurrent()) timelineChart(chart, timeline.items);
}

// ---------------------------------------------------------------------------------------------
// Add articles

function ingestForms(onJob) {
  const submit = async (body, headers) => {
    const job = await api("/api/ingest", { method: "POST", body, headers });
    onJob(job);
  };
  const paste = el("form", { class: "ingest-text", onsubmit: (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(paste));
    const payload = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ""));
    submit(JSON.stringify(payload), { "Content-Type": "application/json" }).catch(showError);
  } },
  el("h2", {}, "Paste an article"),
  el("label", {}, "Title", el("input", { name: "title" })),
  el("label", {}, "Date", el("input", { name: "published", type: "date" })),
  el("label", {}, "Outlet", el("input", { name: "source" })),
  el("label", { class: "wide" }, "Text", el("textarea", { name: "text", rows: 10, required: true })),
  el("button", { type: "submit" }, "Add article"));
  const upload = el("form", { class: "ingest-files", onsubmit: (event) => {
    event.preventDefault();
    submit(new FormData(upload)).catch(showError);
  } },
  el("h2", {}, "Upload files"),
  el("label", { class: "wide" }, "TXT, HTML or JSONL files",
    el("input", { name: "files", type: "file", multiple: true, required: true, accept: ".txt,.html,.htm,.jsonl" })),
  el("button", { type: "submit" }, "Upload"));
  const fetchForm = el("form", { class: "ingest-urls", onsubmit: (event) => {
    event.preventDefault();
    const urls = String(new FormData(fetchForm).get("urls") || "").split(/\s+/).filter(Boolean);
    submit(JSON.stringify({ urls }), { "Content-Type": "application/json" }).catch(showError);
  } },
  el("h2", {}, "Fetch from the web"),
  el("label", { class: "wide" }, "Page, RSS/Atom feed or sitemap URLs, one a line",
    el("textarea", { name: "urls", rows: 4, required: true, placeholder: "https://…/feed.xml" })),
  el("button", { type: "submit" }, "Fetch"));
  return [paste, upload, fetchForm];
}

function articleLinks(ids) {
  return ids.map((id) => el("li", {}, link(`#/article/${encodeURIComponent(id)}`, id)));
}

function listSection(heading, className, items) {
  return items.length ? [el("h3", {}, heading), el("ul", { class: className }, items)] : null;
}

function jobView(job) {
  const total = job.total ?? null;
  const events = (job.events || []).map((event) => el("li",
    { class: `job-event status-${cssName(event.status || "unknown")}` },
    el("span", { class: "badge" }, event.status || ""), " ", event.name || "",
    event.error ? el("span", { class: "muted" }, ` — ${event.error}`) : null));
  return el("section", { class: `job job-${job.status}`, id: "job", dataset: { status: job.status } },
    el("h2", {}, `Job ${job.id}: ${job.status}`),
    el("progress", { max: total || 1, value: total ? job.done : 0 }),
    el("span", {}, total ? ` ${job.done} of ${total}` : ` ${job.done} done`),
    job.error ? el("p", { class: "job-error" }, job.error) : null,
    el("ul", { class: "job-events" }, events),
    listSection("Stored", "stored-list", articleLinks(job.stored || [])),
    listSection("Already stored, unchanged", "unchanged-list", articleLinks(job.unchanged || [])),
    listSection("Failed", "failed-list", (job.failed || []).map((f) => el("li", {}, `${f.name}: ${f.error}`))));
}

async function followJob(area, jobId, isCurrent) {
  for (;;) {
    const job = await api(`/api/jobs/${encodeURIComponent(jobId)}`);
    if (!isCurrent()) return;
    area.replaceChildren(jobView(job));
    if (job.status === "done" || job.status === "failed") return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function renderAdd(page, args, params, isCurrent) {
  const area = el("div", { class: "job-area" });
  const onJob = (job) => {
    area.replaceChildren(el("p", { class: "loading" }, `Job ${job.job} queued…`));
    followJob(area, job.job, isCurrent).catch(showError);
  };
  page.replaceChildren(el("h1", {}, "Add articles"), el("div", { class: "ingest" }, ingestForms(onJob)), area);
  document.title = "Add articles — newsgraph";
}

window.addEventListener("hashchange", route);
route();
