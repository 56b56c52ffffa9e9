# Twinning Tracker: a static, CGO-free binary on a small image, running as non-root
# with the database on a volume.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/twinning ./cmd/twinning && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/twinning /usr/local/bin/twinning
# A data folder the non-root user (uid 65532) owns, so a fresh volume is writable.
COPY --from=build --chown=65532:65532 /out/data /data
# The database lives on a volume; a new, empty volume gets the embedded data on first start.
VOLUME ["/data"]
ENV TWINNING_DB=/data/twinning.db TWINNING_ADDR=0.0.0.0:8080
EXPOSE 8080
USER nonroot:nonroot
# twinning handles SIGTERM: it stops accepting, drains in-flight requests, closes the database.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/twinning"]
CMD ["serve"]
