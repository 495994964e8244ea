//! A WebDriver session on the built desktop app, through tauri-driver + WebKitWebDriver under Xvfb:
//! the E2E test (tests/e2e.rs) and the desktop bench (benches/desktop.rs) drive the real window
//! with it. Included by path (`#[path = ...] mod webdriver;`) by each.
#![allow(dead_code)]

use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Driver {
    child: Child,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SIGTERM lets tauri-driver stop WebKitWebDriver too; a SIGKILL would orphan it. The whole
        // process group goes, so nothing outlives the test holding the terminal.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        std::thread::sleep(Duration::from_millis(300));
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}

pub struct Session {
    pub base: String,
    pub id: String,
    pub shots: PathBuf,
}

impl Session {
    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{}", self.base, self.id, path);
        request(method, &url, body).unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    pub fn find(&self, css: &str) -> Option<String> {
        let url = format!("{}/session/{}/element", self.base, self.id);
        request("POST", &url, Some(json!({"using": "css selector", "value": css})))
            .ok()
            .and_then(|v| v[ELEMENT].as_str().map(String::from))
    }

    pub fn wait(&self, css: &str) -> String {
        self.wait_at_most(css, Duration::from_secs(20))
    }

    /// [`Session::wait`] for work known to be long in a debug build (a whole college's figures).
    pub fn wait_at_most(&self, css: &str, limit: Duration) -> String {
        let start = Instant::now();
        loop {
            if let Some(id) = self.find(css) {
                return id;
            }
            if start.elapsed() > limit {
                self.screenshot("failure");
                panic!("element {css} did not appear within {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    pub fn click(&self, css: &str) {
        let id = self.wait(css);
        self.call("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let id = self.wait(css);
        self.call("POST", &format!("/element/{id}/clear"), Some(json!({})));
        self.call("POST", &format!("/element/{id}/value"), Some(json!({"text": text})));
    }

    pub fn text(&self, css: &str) -> String {
        let id = self.wait(css);
        self.call("GET", &format!("/element/{id}/text"), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn script(&self, js: &str, args: Value) -> Value {
        self.call("POST", "/execute/sync", Some(json!({"script": js, "args": args})))
    }

    /// `js` given a callback as its last argument; the value it calls back with.
    pub fn script_async(&self, js: &str, args: Value) -> Value {
        self.call("POST", "/execute/async", Some(json!({"script": js, "args": args})))
    }

    /// The window fits what it shows: no text of `selectors` (names, dates, labels) wraps to a
    /// second line, neither the page nor the view scrolls sideways, the sidebar does not scroll and
    /// no dialog is taller than the window.
    pub fn assert_fits(&self, what: &str, selectors: &str) {
        let r = self.script(
            "const wrapped = [];
             for (const el of document.querySelectorAll(arguments[0])) {
               const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
               for (let n = walk.nextNode(); n; n = walk.nextNode()) {
                 if (!n.textContent.trim()) continue;
                 const range = document.createRange();
                 range.selectNodeContents(n);
                 const rects = [...range.getClientRects()].filter((r) => r.width > 0);
                 if (rects.some((r) => r.top >= rects[0].bottom - 1)) wrapped.push(n.textContent);
               }
             }
             const view = document.getElementById('view');
             const sidebar = document.querySelector('.sidebar');
             return { wrapped,
               page: document.documentElement.scrollWidth - window.innerWidth,
               view: view.scrollWidth - view.clientWidth,
               sidebar: sidebar.scrollHeight - sidebar.clientHeight,
               modal: [...document.querySelectorAll('.modal')].map((m) => m.getBoundingClientRect().bottom - window.innerHeight) };",
            json!([selectors]),
        );
        assert_eq!(r["wrapped"], json!([]), "{what}: names, dates or labels wrapped");
        for (part, how) in [
            ("page", "the page scrolls sideways"),
            ("view", "the view scrolls sideways"),
            ("sidebar", "the sidebar scrolls"),
        ] {
            assert!(r[part].as_f64().unwrap() <= 1.0, "{what}: {how}: {r}");
        }
        for m in r["modal"].as_array().unwrap() {
            assert!(
                m.as_f64().unwrap() <= 0.0,
                "{what}: the dialog is taller than the window: {r}"
            );
        }
    }

    /// Waits until `js` (a function body returning a value) returns something truthy.
    pub fn wait_until(&self, what: &str, js: &str) -> Value {
        let start = Instant::now();
        loop {
            let v = self.script(js, json!([]));
            if !(v.is_null() || v == json!(false) || v == json!("")) {
                return v;
            }
            if start.elapsed() > Duration::from_secs(20) {
                self.screenshot("failure");
                panic!("timed out waiting for {what}");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    pub fn screenshot(&self, name: &str) -> PathBuf {
        // Let WebKit paint what the DOM already holds (decoded images, new rows).
        std::thread::sleep(Duration::from_millis(400));
        let b64 = self.call("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().unwrap_or_default())
            .unwrap();
        let path = self.shots.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    pub fn open_view(&self, view: &str) {
        self.click(&format!("nav [data-view=\"{view}\"]"));
        self.wait(&format!("#view[data-current=\"{view}\"]"));
    }
}

pub fn request(method: &str, url: &str, body: Option<Value>) -> Result<Value, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .http_status_as_error(false)
        .build()
        .into();
    let resp = match body {
        Some(b) if method == "POST" => agent.post(url).send_json(b),
        _ if method == "DELETE" => agent.delete(url).call(),
        _ => agent.get(url).call(),
    };
    let mut resp = resp.map_err(|e| e.to_string())?;
    let status = resp.status();
    let v: Value = resp.body_mut().read_json().map_err(|e| e.to_string())?;
    if status.is_success() {
        Ok(v["value"].clone())
    } else {
        Err(format!("{status}: {}", v["value"]))
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn start_driver(port: u16, native_port: u16, log: &Path) -> Driver {
    let log = std::fs::File::create(log).unwrap();
    let child = Command::new("tauri-driver")
        .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
        .stdout(Stdio::null())
        .stderr(log)
        .process_group(0)
        .spawn()
        .expect("tauri-driver is not installed (cargo install tauri-driver --locked)");
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "tauri-driver did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Driver { child }
}

pub fn zhibu(ledger: &Path, args: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_zhibu"))
        .arg("--ledger")
        .arg(ledger)
        .args(args)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "zhibu {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The desktop app: `ZHIBU_DESKTOP_BIN`, else the one built beside the `zhibu` command of this test
/// or bench (target/debug for the tests, target/release for the benches).
pub fn desktop_app() -> PathBuf {
    std::env::var_os("ZHIBU_DESKTOP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_BIN_EXE_zhibu")).with_file_name("zhibu-desktop"))
}

/// The built app in a WebDriver session on `ledger`; the driver stops when the guard drops.
pub fn launch(ledger: &Path) -> (Driver, Session) {
    let (driver, session, _) = launch_timed(ledger);
    (driver, session)
}

/// [`launch`], with the instant the request that started the app's process was sent.
pub fn launch_timed(ledger: &Path) -> (Driver, Session, Instant) {
    let app = desktop_app();
    assert!(app.is_file(), "build the desktop app first: {}", app.display());
    let shots = root().join("target/e2e");
    std::fs::create_dir_all(&shots).unwrap();
    let caps = json!({"capabilities": {"alwaysMatch": {"tauri:options": {
        "application": app, "args": ["--ledger", ledger]
    }}}});
    // Starting a session on a loaded 2-core machine sometimes loses the driver's connection
    // (“Peer disconnected”), or two tests pick the same free port: start afresh, twice at most.
    let mut attempt = 1;
    loop {
        let (port, native) = (free_port(), free_port());
        let driver = start_driver(port, native, &shots.join(format!("tauri-driver-{port}.log")));
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        match request("POST", &format!("{base}/session"), Some(caps.clone())) {
            Ok(created) => {
                let id = created["sessionId"].as_str().unwrap().to_string();
                return (driver, Session { base, id, shots }, started);
            }
            Err(e) if attempt < 3 => {
                eprintln!("new WebDriver session, attempt {attempt}: {e}; starting again");
                drop(driver);
                attempt += 1;
            }
            Err(e) => panic!("new WebDriver session: {e:?}"),
        }
    }
}

impl Session {
    pub fn end(&self) {
        let _ = request("DELETE", &format!("{}/session/{}", self.base, self.id), None);
    }
}
