//! The HTTP/1.1 server around [`RequestHandler`], and its lifecycle.

use std::convert::Infallible;
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Body as _, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio::time::Instant;

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
        let limits = Limits {
            header_read_timeout: nonzero(config.header_read_timeout),
            idle_timeout: nonzero(config.idle_timeout),
            max_connections: config.max_connections.max(1),
        };
        let server = tokio::spawn(serve(listener, handler.clone(), limits, stopped));
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

/// What one caller may hold of the server: time and connections.
#[derive(Debug, Clone, Copy)]
struct Limits {
    header_read_timeout: Duration,
    idle_timeout: Duration,
    max_connections: usize,
}

/// A zero timeout would close every connection at once; it means the
/// shortest wait instead.
fn nonzero(timeout: Duration) -> Duration {
    timeout.max(Duration::from_millis(1))
}

async fn serve(
    listener: TcpListener,
    handler: RequestHandler,
    limits: Limits,
    mut stopped: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                // A failed accept (a connection reset before it was taken,
                // too many open files) concerns one client, not the server.
                let Ok((stream, _)) = accepted else {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let Ok(slot) = slots.clone().try_acquire_owned() else {
                    turn_away(&stream);
                    continue;
                };
                let _ = stream.set_nodelay(true);
                connections.spawn(serve_connection(
                    stream,
                    handler.clone(),
                    limits,
                    slot,
                    stopped.clone(),
                ));
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

/// Answers a connection over the limit with `ServiceUnavailable` and closes
/// it, without reading its request or waiting on a slow reader: one write
/// that the socket's buffer takes whole, or nothing.
fn turn_away(stream: &TcpStream) {
    let response = refuse(
        ApiError::new("ServiceUnavailable"),
        &hyper::HeaderMap::new(),
    );
    let mut bytes = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json;charset=utf-8\r\n\
         content-length: {}\r\nconnection: close\r\n",
        response.status().as_u16(),
        response.status().canonical_reason().unwrap_or(""),
        response.body().len()
    )
    .into_bytes();
    for (name, value) in response.headers() {
        if name != hyper::header::CONTENT_TYPE && name != hyper::header::CONTENT_LENGTH {
            bytes.extend_from_slice(name.as_str().as_bytes());
            bytes.extend_from_slice(b": ");
            bytes.extend_from_slice(value.as_bytes());
            bytes.extend_from_slice(b"\r\n");
        }
    }
    bytes.extend_from_slice(b"\r\n");
    bytes.extend_from_slice(response.body());
    let _ = stream.try_write(&bytes);
}

async fn serve_connection(
    stream: TcpStream,
    handler: RequestHandler,
    limits: Limits,
    // Held until the connection ends: one of `max_connections` slots.
    _slot: OwnedSemaphorePermit,
    mut stopped: watch::Receiver<bool>,
) {
    let service = service_fn(move |request: Request<Incoming>| {
        let handler = handler.clone();
        async move { Ok::<_, Infallible>(respond(&handler, request, limits).await) }
    });
    let (stream, activity) = Tracked::new(stream);
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    loop {
        let deadline = activity.last() + limits.idle_timeout;
        tokio::select! {
            _ = connection.as_mut() => return,
            _ = stopped.changed() => {
                // Finish the request in flight, then close.
                connection.as_mut().graceful_shutdown();
                let _ = connection.await;
                return;
            }
            // Nothing read or written for the whole idle timeout: the
            // connection is dropped, which closes it. Hyper's own timer
            // covers a client that sends its headers too slowly.
            _ = tokio::time::sleep_until(deadline) => {
                if activity.last() + limits.idle_timeout <= Instant::now() {
                    return;
                }
            }
        }
    }
}

/// A stream that notes when it last read or wrote a byte.
struct Tracked {
    stream: TcpStream,
    activity: Activity,
}

/// When a [`Tracked`] stream was last active, shared with its watchdog.
#[derive(Clone)]
struct Activity {
    start: Instant,
    /// Milliseconds after `start`.
    last: Arc<AtomicU64>,
}

impl Activity {
    fn touch(&self) {
        let ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.store(ms, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.start + Duration::from_millis(self.last.load(Ordering::Relaxed))
    }
}

impl Tracked {
    fn new(stream: TcpStream) -> (Self, Activity) {
        let activity = Activity {
            start: Instant::now(),
            last: Arc::new(AtomicU64::new(0)),
        };
        let tracked = Self {
            stream,
            activity: activity.clone(),
        };
        (tracked, activity)
    }
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

async fn respond(
    handler: &RequestHandler,
    request: Request<Incoming>,
    limits: Limits,
) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    // A declared length over the limit is refused before waiting for a body
    // that would be refused anyway.
    if body.size_hint().lower() > MAX_BODY_BYTES as u64 {
        return refuse(ApiError::new("InvalidParameter"), &parts.headers).map(Full::new);
    }
    // The body gets the same time as the headers: a client trickling it
    // in would otherwise hold the connection for as long as it likes.
    let collect = Limited::new(body, MAX_BODY_BYTES).collect();
    let body = match tokio::time::timeout(limits.header_read_timeout, collect).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        // Too large, too slow, or the client went away mid-body.
        _ => return refuse(ApiError::new("InvalidParameter"), &parts.headers).map(Full::new),
    };
    handler
        .handle(&Request::from_parts(parts, body))
        .map(Full::new)
}
