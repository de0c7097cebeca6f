"""Request and response models of the service catalog."""
from typing import List, Optional

from pydantic import BaseModel, Field


class ServiceCreate(BaseModel):
    """A service to register in the catalog."""

    name: str = Field(..., min_length=1, max_length=100)
    owner: str = Field(..., min_length=1, max_length=100)
    description: str = Field("", max_length=1000)
    tags: List[str] = Field(default_factory=list)


class ServiceUpdate(BaseModel):
    """A partial update of a registered service."""

    owner: Optional[str] = Field(None, min_length=1, max_length=100)
    description: Optional[str] = Field(None, max_length=1000)
    tags: Optional[List[str]] = None


class Service(BaseModel):
    """A registered service."""

    id: int
    name: str
    owner: str
    description: str
    tags: List[str]


class ServiceList(BaseModel):
    """A page of services."""

    items: List[Service]
    total: int
