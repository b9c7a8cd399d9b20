//! The HTTP/1.1 server around [`RequestHandler`], and its lifecycle.

use std::convert::Infallible;
use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Body as _, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::config::{EmulatorConfig, SeedError, SeedResource};
use crate::error::ApiError;
use crate::handler::{refuse, RequestHandler};

/// The largest request body read; RPC requests carry their parameters in
/// the query, so even a form body is small.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// How long a shutdown waits for requests in flight before dropping them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Starts emulators.
#[derive(Debug)]
pub struct Emulator;

impl Emulator {
    /// Seeds the configured resources, binds, and serves in the background
    /// until the handle is shut down or dropped.
    pub async fn start(config: EmulatorConfig) -> Result<EmulatorHandle, StartError> {
        let handler = RequestHandler::new(&config).map_err(StartError::Seed)?;
        let listener = TcpListener::bind((config.bind, config.port))
            .await
            .map_err(|error| StartError::Bind {
                address: SocketAddr::new(config.bind, config.port),
                error,
            })?;
        let local_addr = listener.local_addr().map_err(|error| StartError::Bind {
            address: SocketAddr::new(config.bind, config.port),
            error,
        })?;
        let (stop, stopped) = watch::channel(false);
        let server = tokio::spawn(serve(listener, handler.clone(), stopped));
        Ok(EmulatorHandle {
            endpoint: format!("http://{local_addr}"),
            local_addr,
            handler,
            stop,
            server: Some(server),
        })
    }
}

/// A running emulator. Dropping it stops the server too; [`shutdown`]
/// also waits for requests in flight.
///
/// [`shutdown`]: EmulatorHandle::shutdown
#[derive(Debug)]
pub struct EmulatorHandle {
    endpoint: String,
    local_addr: SocketAddr,
    handler: RequestHandler,
    stop: watch::Sender<bool>,
    server: Option<tokio::task::JoinHandle<()>>,
}

impl EmulatorHandle {
    /// `http://127.0.0.1:PORT`, for the SDK's endpoint setting.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Adds resources while running; see [`RequestHandler::seed`].
    pub fn seed(&self, resources: Vec<SeedResource>) -> Result<(), SeedError> {
        self.handler.seed(resources)
    }

    /// The in-process handler, sharing this emulator's state.
    pub fn handler(&self) -> &RequestHandler {
        &self.handler
    }

    /// Stops accepting connections, lets requests in flight finish (for up
    /// to a few seconds), and returns when the server has stopped.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }
}

impl Drop for EmulatorHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// Why the emulator could not start.
#[derive(Debug)]
pub enum StartError {
    Seed(SeedError),
    Bind {
        address: SocketAddr,
        error: std::io::Error,
    },
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Seed(error) => write!(f, "{error}"),
            StartError::Bind { address, error } => write!(f, "cannot listen on {address}: {error}"),
        }
    }
}

impl std::error::Error for StartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StartError::Seed(error) => Some(error),
            StartError::Bind { error, .. } => Some(error),
        }
    }
}

async fn serve(listener: TcpListener, handler: RequestHandler, mut stopped: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                // A failed accept (a connection reset before it was taken,
                // too many open files) concerns one client, not the server.
                let Ok((stream, _)) = accepted else {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let _ = stream.set_nodelay(true);
                connections.spawn(serve_connection(stream, handler.clone(), stopped.clone()));
            }
            _ = stopped.changed() => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let drained = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while connections.join_next().await.is_some() {}
    });
    if drained.await.is_err() {
        connections.shutdown().await;
    }
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    handler: RequestHandler,
    mut stopped: watch::Receiver<bool>,
) {
    let service = service_fn(move |request: Request<Incoming>| {
        let handler = handler.clone();
        async move { Ok::<_, Infallible>(respond(&handler, request).await) }
    });
    let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => {}
        _ = stopped.changed() => {
            // Finish the request in flight, then close.
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
    }
}

async fn respond(handler: &RequestHandler, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    // A declared length over the limit is refused before waiting for a body
    // that would be refused anyway.
    if body.size_hint().lower() > MAX_BODY_BYTES as u64 {
        return refuse(ApiError::new("InvalidParameter"), &parts.headers).map(Full::new);
    }
    let body = match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        // Too large, or the client went away mid-body.
        Err(_) => return refuse(ApiError::new("InvalidParameter"), &parts.headers).map(Full::new),
    };
    handler
        .handle(&Request::from_parts(parts, body))
        .map(Full::new)
}
