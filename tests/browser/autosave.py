"""Wait for Wagtail's autosave the way a person does: until it has answered the
last edit, failing with what it said."""

# Installed before the editor's scripts run: records Wagtail's autosave events.
WATCH_AUTOSAVE = """
window.__autosave = {
  saves: 0, successes: 0, errors: [], lastEdit: 0, lastSave: 0, lastAnswer: 0,
  watching: false,
};
// Wagtail notes the form's starting state 2 s after the editor loads (later on
// a busy machine) and autosaves only changes made after that.
document.addEventListener('w-unsaved:watch-edits', () => {
  window.__autosave.watching = true;
});
const edited = () => { window.__autosave.lastEdit = performance.now(); };
document.addEventListener('input', edited, true);
document.addEventListener('change', edited, true);
document.addEventListener('w-autosave:save', () => {
  window.__autosave.saves += 1; window.__autosave.lastSave = performance.now();
});
document.addEventListener('w-autosave:success', () => {
  window.__autosave.successes += 1; window.__autosave.lastAnswer = performance.now();
});
document.addEventListener('w-autosave:error', (event) => {
  window.__autosave.errors.push(event.detail.text);
  window.__autosave.lastAnswer = performance.now();
});
"""
# Quiet: an autosave started after the last edit, and every one is answered.
AUTOSAVE_SETTLED = """() => {
  const w = window.__autosave;
  return w.lastSave > w.lastEdit && w.saves === w.successes + w.errors.length;
}"""
# What a person sees: "Saved" shown after their last keystroke, nothing in flight.
# (Wagtail counts edits made while a save is in flight as saved when it answers,
# so a save may never start after the last edit: AUTOSAVE_SETTLED would wait
# forever. Before a final click, wait for this; after it, for the strict one.)
AUTOSAVE_ANSWERED = """() => {
  const w = window.__autosave;
  return w.lastAnswer > w.lastEdit && w.saves === w.successes + w.errors.length;
}"""


def watch_autosave(page) -> None:
    """Record autosave events on every page this tab loads from now on."""
    page.add_init_script(WATCH_AUTOSAVE)


def wait_until_editing_is_watched(page, timeout: int = 30_000) -> None:
    """Wait until the editor has noted the form's starting state: edits made
    before that are taken as the starting state and never autosaved."""
    page.wait_for_function("() => window.__autosave.watching", timeout=timeout)


def wait_for_autosave(page, timeout: int = 60_000, *, strict: bool = True) -> dict:
    """Wait, as a person would, until autosave has answered the last edit; fail
    with what autosave said if it never does or reports an error."""
    try:
        page.wait_for_function(
            AUTOSAVE_SETTLED if strict else AUTOSAVE_ANSWERED, timeout=timeout
        )
    except Exception as error:
        state = page.evaluate("() => window.__autosave")
        raise AssertionError(f"autosave did not settle: {state}") from error
    state = page.evaluate("() => window.__autosave")
    assert state["errors"] == [], state
    return state
