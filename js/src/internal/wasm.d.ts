/** A `.wasm` import, as the Workers toolchain resolves it: the compiled module. */
declare module '*.wasm' {
  const compiled: WebAssembly.Module;
  export default compiled;
}
