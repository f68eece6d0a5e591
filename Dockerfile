# syntax=docker/dockerfile:1
# demarc as a container image: a static binary on distroless, run as the
# unprivileged user "nonroot". Build with
#   docker build -t demarc --build-arg VERSION=$(git describe --tags --always) .
# (or buildah, kaniko, podman: nothing here needs a Docker daemon feature).

FROM golang:1.26 AS build
WORKDIR /src
# Modules first, so that a change of the source does not download them again.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
# No cgo: the SQLite driver is pure Go, and the binary runs on an image
# with no C library.
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/demarc ./cmd/demarc \
 && /out/demarc version

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/demarc /usr/local/bin/demarc
# nonroot (65532): the chart and the docs run it with a read-only root file
# system and /tmp on a volume.
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/demarc"]
# A first look: the bundled example, anonymous and read-only, no database.
CMD ["serve", "--example", "--no-db", "--allow-anonymous", "--addr", "0.0.0.0:8080"]
