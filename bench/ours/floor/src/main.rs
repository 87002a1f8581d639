//! POSTs `{}` to the Image Builder endpoint over hyper and rustls and
//! prints the status: an HTTPS client with no SigV4, JSON, endpoint rules
//! or credentials, to show how much of the program's size the stack is.

use http_body_util::{BodyExt, Full};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_native_roots()?
            .https_only()
            .enable_http1()
            .build();
        let client =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .build::<_, Full<bytes::Bytes>>(https);
        let request = http::Request::post(
            "https://imagebuilder.us-east-1.amazonaws.com/UpdateInfrastructureConfiguration",
        )
        .header("content-type", "application/json")
        .body(Full::new(bytes::Bytes::from_static(b"{}")))?;
        let response = client.request(request).await?;
        let status = response.status();
        let body = response.into_body().collect().await?.to_bytes();
        println!("{status} ({} bytes)", body.len());
        Ok(())
    })
}
