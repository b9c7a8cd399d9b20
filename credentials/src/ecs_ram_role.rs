//! ECS instance RAM role (placeholder, filled below).
