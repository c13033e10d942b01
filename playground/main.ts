// The playground page: wires the two tabs to the DOM. Everything runs here, in the page, on
// tygrad's browser build; nothing is sent anywhere.

import { wasmBackend, version } from "../src/index.js";
import { analyse } from "./autodiff.js";
import { examples } from "./expr.js";
import { train, type TrainSettings } from "./train.js";

const byId = <E extends HTMLElement>(id: string): E => {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`playground: the page has no #${id}`);
  return e as E; // the page's markup gives each id its element type
};

const escape = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The printed linear program with its residuals marked wherever they appear. */
const markResiduals = (printed: string, residuals: readonly string[]): string => {
  if (residuals.length === 0) return escape(printed);
  const pattern = new RegExp(`\\b(${residuals.join("|")})\\b`, "g");
  return escape(printed).replace(pattern, '<mark class="residual">$1</mark>');
};

function showAnalysis(): void {
  const source = byId<HTMLTextAreaElement>("source").value;
  const error = byId("error");
  try {
    const a = analyse(source);
    error.textContent = "";
    byId("value").textContent = `f = ${a.value}`;
    byId("program").textContent = a.program;
    byId("jvp").textContent = a.jvp;
    byId("linear").innerHTML = markResiduals(a.linear, a.residuals);
    byId("residuals").textContent = a.residuals.length === 0 ? "no residuals" : `residuals: ${a.residuals.join(", ")}`;
    byId("transpose").textContent = a.transpose;
    byId("graph").innerHTML = a.graph;
    const rows = a.check.map((c) => `<tr class="${c.passes ? "pass" : "fail"}"><td>${escape(c.input)}</td><td>${c.maxError.toExponential(2)}</td><td>${c.passes ? "passes" : "FAILS"}</td></tr>`);
    byId("gradcheck").innerHTML = `<table><thead><tr><th>input</th><th>max relative error</th><th></th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
    document.body.dataset["analysis"] = "done";
  } catch (e) {
    error.textContent = e instanceof Error ? e.message : String(e);
    document.body.dataset["analysis"] = "error";
  }
}

async function runTraining(): Promise<void> {
  const settings: TrainSettings = {
    dataset: byId<HTMLSelectElement>("dataset").value === "moons" ? "moons" : "spirals",
    hidden: Number(byId<HTMLInputElement>("hidden").value),
    epochs: Number(byId<HTMLInputElement>("epochs").value),
    learningRate: Number(byId<HTMLInputElement>("lr").value),
  };
  const body = byId("epoch-rows");
  const status = byId("train-status");
  body.innerHTML = "";
  byId("regions").innerHTML = "";
  document.body.dataset["training"] = "running";
  status.textContent = "training…";
  try {
    const { regions } = await train(settings, async ({ record, lossCurve }) => {
      const cells = [record.epoch, record.loss.toFixed(4), ((record.accuracy ?? NaN) * 100).toFixed(1) + "%", (record.valLoss ?? NaN).toFixed(4), ((record.valAccuracy ?? NaN) * 100).toFixed(1) + "%", `${Math.round(record.seconds * 1000)} ms`];
      body.insertAdjacentHTML("beforeend", `<tr>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`);
      byId("loss-curve").innerHTML = lossCurve;
      await new Promise((resolve) => setTimeout(resolve, 0)); // let the page draw the row
    });
    byId("regions").innerHTML = regions;
    status.textContent = `done (${wasmBackend.threads} thread${wasmBackend.threads === 1 ? "" : "s"})`;
    document.body.dataset["training"] = "done";
  } catch (e) {
    status.textContent = e instanceof Error ? e.message : String(e);
    document.body.dataset["training"] = "error";
  }
}

interface CompilerMessage {
  readonly mistake: string;
  readonly code: string;
  readonly message: string;
}

/** tsc's report on the typed form of each example, made when the page was built. */
const compilerMessages: Promise<Readonly<Record<string, CompilerMessage>>> = fetch("./compiler-messages.json").then((r) => r.json());

async function showTyped(example: string): Promise<void> {
  const typed = (await compilerMessages)[example];
  if (typed === undefined) return;
  byId("typed-mistake").textContent = typed.mistake;
  byId("typed-code").textContent = typed.code;
  byId("typed-message").textContent = typed.message;
}

function showTab(name: string): void {
  for (const tab of document.querySelectorAll<HTMLElement>("[data-tab]")) tab.hidden = tab.dataset["tab"] !== name;
  for (const button of document.querySelectorAll<HTMLButtonElement>("[data-show]")) button.classList.toggle("active", button.dataset["show"] === name);
}

const picker = byId<HTMLSelectElement>("example");
for (const name of Object.keys(examples)) picker.add(new Option(name, name));
picker.addEventListener("change", () => {
  byId<HTMLTextAreaElement>("source").value = examples[picker.value] ?? "";
  showAnalysis();
  void showTyped(picker.value);
});
byId<HTMLTextAreaElement>("source").value = examples[picker.value] ?? "";
byId("source").addEventListener("input", showAnalysis);
byId("run").addEventListener("click", showAnalysis);
byId("train").addEventListener("click", () => void runTraining());
for (const button of document.querySelectorAll<HTMLButtonElement>("[data-show]")) button.addEventListener("click", () => showTab(button.dataset["show"] ?? "autodiff"));
byId("version").textContent = `tygrad ${version} · ${globalThis.crossOriginIsolated ? "cross-origin isolated: matmuls may use Web Workers" : "one thread (page not cross-origin isolated)"}`;
showTab("autodiff");
showAnalysis();
void showTyped(picker.value).then(() => {
  document.body.dataset["ready"] = "yes";
});
