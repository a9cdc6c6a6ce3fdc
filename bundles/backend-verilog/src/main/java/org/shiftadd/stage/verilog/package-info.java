/**
 * The {@code verilog} hardware back end: a fixed-point integer model of each compressed layer,
 * a bit-exact simulator of it, Verilog-2005 emission, self-checking test benches and runs of
 * Icarus Verilog, Verilator and Yosys where they are installed.
 */
package org.shiftadd.stage.verilog;
