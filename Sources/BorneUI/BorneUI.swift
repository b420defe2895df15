/// BorneUI — everything the visitor sees, as pure values: a cell canvas,
/// widgets that draw into it, the screens, the layout, the UI strings in five
/// languages, and the app state machine `(State, Event) -> Reactions`.
///
/// It must never touch the terminal, the disk, the network or the real clock:
/// the edges (BorneTerminal, the `borne kiosk` runner) feed it events with
/// their time and perform the reactions it returns. Tests read its canvas.
public enum BorneUI {}
