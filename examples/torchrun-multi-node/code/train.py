"""A minimal DistributedDataParallel loop started by torchrun (one process per GPU).

torchrun reads PET_NNODES, PET_NODE_RANK, PET_MASTER_ADDR, PET_MASTER_PORT and PET_NPROC_PER_NODE from the
pod and sets RANK, LOCAL_RANK and WORLD_SIZE for each process it starts (nodes x processes per node).
"""
import argparse
import os

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data_url")
    parser.add_argument("--train_url")
    parser.add_argument("--epochs", type=int, default=1)
    args = parser.parse_args()

    dist.init_process_group("nccl")
    local_rank = int(os.environ["LOCAL_RANK"])
    torch.cuda.set_device(local_rank)
    rank, world = dist.get_rank(), dist.get_world_size()

    model = DistributedDataParallel(torch.nn.Linear(1024, 10).cuda(), device_ids=[local_rank])
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    for epoch in range(args.epochs):
        x = torch.randn(256, 1024, device="cuda")
        y = torch.randint(0, 10, (256,), device="cuda")
        loss = torch.nn.functional.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if rank == 0:
            print(f"epoch {epoch} loss {loss.item():.4f} (world size {world})", flush=True)

    if rank == 0:  # the output sidecar of worker 0 uploads train_url
        torch.save(model.module.state_dict(), os.path.join(args.train_url, "model.pt"))
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
