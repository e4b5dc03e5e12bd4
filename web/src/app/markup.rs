//! Parts of the page drawn as one string of markup instead of Leptos views: the header, the
//! tab bar, the share bar and notices, the diagnostics pane's counts, states and list, the name
//! field's hints, the empty state, the rule pages and their index, the page not found, the
//! explain box's answer and the map (each through [`markup_region`], so that a redraw keeps
//! the keyboard focus in place).
//! Each Leptos view, attribute and reactive text is its own generic code in the page's
//! module; a part whose markup is a function of a few signals costs one memo, one effect and
//! one delegated event handler instead (issue 15: the first load's weight; web/README.md
//! gives the figures). Every text written into markup goes through [`esc`].

use super::*;

/// Keeps `node`'s content equal to `html()`: a memo of the markup, written into the element
/// (once it is mounted) each time it changes, and only then.
pub(super) fn markup_region<E>(node: NodeRef<E>, html: impl Fn() -> String + Send + Sync + 'static)
where
    E: leptos::html::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let html = Memo::new(move |_| html());
    Effect::new(move |_| {
        let h = html.get();
        if let Some(el) = node.get() {
            set_markup(el.unchecked_ref(), &h);
        }
    });
}

/// What can hold the keyboard focus in a region.
const FOCUSABLE: &str = "a[href], button, summary, input, textarea, [tabindex]";

/// Replaces `el`'s content by `html`. When the focus was inside, it goes to the element at
/// the same place among the focusable ones (the region is redrawn, not its user's place).
fn set_markup(el: &web_sys::Element, html: &str) {
    let doc = document();
    let focused = doc.active_element().filter(|a| el.contains(Some(a)));
    let place = focused.and_then(|a| {
        let all = el.query_selector_all(FOCUSABLE).ok()?;
        (0..all.length()).find(|i| all.get(*i).is_some_and(|n| a.is_same_node(Some(&n))))
    });
    el.set_inner_html(html);
    if let Some(i) = place {
        if let Some(n) = el
            .query_selector_all(FOCUSABLE)
            .ok()
            .and_then(|all| all.get(i))
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = n.focus();
        }
    }
}

/// The element of an event's target that matches `selector` (the target or an ancestor),
/// for the delegated handlers of the regions.
pub(super) fn closest(e: &web_sys::Event, selector: &str) -> Option<web_sys::Element> {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest(selector).ok().flatten())
}

/// `name="value"` with the value escaped.
pub(super) fn attr(name: &str, value: &str) -> String {
    format!(" {name}=\"{}\"", esc(value))
}
