// Wires the Forge function handlers declared in manifest.yml. No logic lives here.
export {};
