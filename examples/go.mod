module github.com/acme/infra-operator

go 1.22

require (
	github.com/gin-gonic/gin v1.10.0
	github.com/hashicorp/terraform-plugin-sdk/v2 v2.34.0
	github.com/hashicorp/vault/api v1.14.0
	github.com/minio/minio-go/v7 v7.0.73
	github.com/redis/go-redis/v9 v9.5.3
	github.com/spf13/cobra v1.8.1
	go.uber.org/zap v1.27.0
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	golang.org/x/net v0.26.0 // indirect
)
