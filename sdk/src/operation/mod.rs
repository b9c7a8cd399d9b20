// placeholder until `cargo xtask codegen` writes this file
